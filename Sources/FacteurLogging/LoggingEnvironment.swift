/// Reads `FACTEUR_LOG_FORMAT` and `FACTEUR_LOG_LEVEL` (SPEC section 7).
public struct LoggingEnvironment: Sendable, Equatable {
    public var format: LogFormat
    public var level: Logger.Level

    /// Problems with the variables, each naming the variable; the defaults stand in for a
    /// bad value so that a typo never silences the service.
    public var problems: [String]

    public init(environment: [String: String]) {
        format = .logfmt
        level = .info
        problems = []

        if let raw = environment["FACTEUR_LOG_FORMAT"], !raw.isEmpty {
            if let parsed = LogFormat(rawValue: raw.lowercased()) {
                format = parsed
            } else {
                problems.append("FACTEUR_LOG_FORMAT: \"\(raw)\" is not one of logfmt, json")
            }
        }
        if let raw = environment["FACTEUR_LOG_LEVEL"], !raw.isEmpty {
            if let parsed = Logger.Level(name: raw) {
                level = parsed
            } else {
                problems.append(
                    "FACTEUR_LOG_LEVEL: \"\(raw)\" is not one of trace, debug, info, warning, error, critical"
                )
            }
        }
    }

    /// A logger writing to standard output in the chosen format and level.
    public func makeLogger(label: String) -> Logger {
        Logger(label: label, level: level, sink: .standardOutput(format: format))
    }
}
