/// A position in a YAML document, so that every problem found later can point an operator at a line.
public struct YAMLMark: Sendable, Hashable {
    /// The line, counted from 1.
    public var line: Int

    /// The column, counted from 1.
    public var column: Int

    /// Creates a mark from 1-based line and column numbers.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The mark of values built in code rather than read from text.
    public static let none = YAMLMark(line: 0, column: 0)
}

extension YAMLMark: CustomStringConvertible {
    public var description: String {
        "line \(line), column \(column)"
    }
}
