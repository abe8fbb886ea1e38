/// Where a configuration value came from, so a problem can send the operator to the right place.
public enum ConfigurationOrigin: Sendable, Equatable {
    /// A configuration file; line and column are 1-based and nil when the problem concerns the whole file.
    case file(path: String, line: Int?, column: Int?)

    /// An environment variable.
    case environment(variable: String)
}

extension ConfigurationOrigin: CustomStringConvertible {
    public var description: String {
        switch self {
        case .file(let path, let line?, let column?): "\(path):\(line):\(column)"
        case .file(let path, let line?, nil): "\(path):\(line)"
        case .file(let path, _, _): path
        case .environment(let variable): "from \(variable)"
        }
    }
}
