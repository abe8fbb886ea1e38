import FacteurYAML
import Foundation

/// Loads the configuration the way SPEC section 2 describes: defaults, then the YAML file, then `FACTEUR_…`
/// environment variables, then validation of everything at once.
public struct ConfigurationLoader: Sendable {
    /// Reads a file's text; injectable so tests and embedded defaults need no disk.
    public typealias FileReader = @Sendable (_ path: String) throws -> String

    /// The variable naming the configuration file when `--config` is not given.
    public static let configFileVariable = "FACTEUR_CONFIG_FILE"

    private let environment: [String: String]
    private let readFile: FileReader

    /// Creates a loader over a snapshot of the environment.
    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        readFile: @escaping FileReader = ConfigurationLoader.readUTF8File
    ) {
        self.environment = environment
        self.readFile = readFile
    }

    /// The file that `load(path:)` reads: `path` (the `--config` value), else `FACTEUR_CONFIG_FILE`, else none.
    public func configurationFilePath(explicitPath path: String?) -> String? {
        if let path, !path.isEmpty {
            return path
        }
        guard let fromEnvironment = environment[Self.configFileVariable], !fromEnvironment.isEmpty else {
            return nil
        }
        return fromEnvironment
    }

    /// Loads and validates; without a file, the environment and defaults alone must suffice.
    ///
    /// - Throws: A `ConfigurationError` listing every problem, each naming its key and origin.
    public func load(path: String?) throws(ConfigurationError) -> Configuration {
        let filePath = configurationFilePath(explicitPath: path)
        var settings = RawSettings()
        if let filePath {
            settings.addFile(try parseFile(at: filePath), path: filePath)
        }
        settings.addEnvironment(environment)

        var decoder = SettingsDecoder(settings: settings.values)
        let configuration = decoder.decodeConfiguration()
        let problems = settings.problems + decoder.problems
        guard problems.isEmpty else {
            throw ConfigurationError(code: .invalidValues, problems: problems, filePath: filePath)
        }
        return configuration
    }

    /// Loads from YAML text rather than a file, as for a configuration embedded in the binary; `name` stands
    /// in for the file path in problems.
    public func load(yaml text: String, name: String) throws(ConfigurationError) -> Configuration {
        let loader = ConfigurationLoader(environment: environment) { _ in text }
        return try loader.load(path: name)
    }

    /// Reads a file as UTF-8.
    public static let readUTF8File: FileReader = { path in
        try String(contentsOfFile: path, encoding: .utf8)
    }

    private func parseFile(at path: String) throws(ConfigurationError) -> YAMLNode? {
        let text: String
        do {
            text = try readFile(path)
        } catch {
            throw ConfigurationError(
                code: .unreadableFile,
                problems: [ConfigurationProblem(
                    key: nil,
                    message: "cannot read the configuration file: \(Self.reason(error))",
                    origin: .file(path: path, line: nil, column: nil)
                )],
                filePath: path
            )
        }

        do {
            return try YAMLParser().parse(text)
        } catch {
            throw ConfigurationError(
                code: .malformedFile,
                problems: [ConfigurationProblem(
                    key: nil,
                    message: Self.describe(error),
                    origin: .file(path: path, line: error.mark?.line, column: error.mark?.column)
                )],
                filePath: path
            )
        }
    }

    /// libyaml's problem and context, without the mark the origin already shows.
    private static func describe(_ error: YAMLError) -> String {
        guard let context = error.context else {
            return error.problem
        }
        let place = error.contextMark.map { " at line \($0.line), column \($0.column)" } ?? ""
        return "\(error.problem) (\(context)\(place))"
    }

    /// A short reason for a read failure, such as "No such file or directory".
    private static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
           underlying.domain == NSPOSIXErrorDomain,
           let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(code.rawValue))
        }
        return nsError.localizedDescription
    }
}
