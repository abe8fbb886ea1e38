/// A scalar as written in the document: its text, how it was quoted and where it stood.
///
/// The style is kept because YAML gives `true` and `"true"` different meanings; callers decide which
/// difference matters to them.
public struct YAMLScalar: Sendable, Hashable {
    /// How a scalar was, or should be, written.
    public enum Style: Sendable, Hashable {
        case plain
        case singleQuoted
        case doubleQuoted
        case literal
        case folded
    }

    /// The scalar's text after unquoting and unescaping.
    public var value: String

    /// The style the scalar was written in; when emitting, `.plain` lets the emitter quote if it must.
    public var style: Style

    /// The explicit tag, such as `tag:yaml.org,2002:str`, or nil when the scalar had none.
    public var tag: String?

    /// Where the scalar starts.
    public var mark: YAMLMark

    /// Creates a scalar with an explicit style.
    public init(_ value: String, style: Style = .plain, tag: String? = nil, mark: YAMLMark = .none) {
        self.value = value
        self.style = style
        self.tag = tag
        self.mark = mark
    }

    /// Creates a scalar for a string that must read back as a string: it is quoted whenever its plain form
    /// would resolve to null, a Boolean, a number or a date under YAML 1.1 or 1.2.
    public init(string value: String) {
        self.init(value, style: Self.isAmbiguousAsPlain(value) ? .singleQuoted : .plain)
    }

    /// True when the scalar is YAML's null: `~`, `null` or nothing, unquoted and untagged (YAML 1.2 core schema).
    public var isNull: Bool {
        if tag == "tag:yaml.org,2002:null" {
            return true
        }
        guard style == .plain, tag == nil else {
            return false
        }
        return ["", "~", "null", "Null", "NULL"].contains(value)
    }

    /// True when a plain scalar with this text could be read as something other than a string.
    static func isAmbiguousAsPlain(_ text: String) -> Bool {
        let booleansAndNulls: Set<String> = [
            "", "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n",
        ]
        if booleansAndNulls.contains(text.lowercased()) {
            return true
        }
        if text.first?.isWhitespace == true || text.last?.isWhitespace == true {
            return true
        }
        return looksNumeric(text)
    }

    /// Numbers in any YAML 1.1 or 1.2 spelling (sign, `0x`, `0o`, `.inf`, exponents, `1_000`, `1:30`)
    /// and dates all begin with an optional sign or dot followed by a digit, or are `.inf`/`.nan`.
    private static func looksNumeric(_ text: String) -> Bool {
        var rest = Substring(text)
        if rest.first == "+" || rest.first == "-" {
            rest = rest.dropFirst()
        }
        if [".inf", ".nan"].contains(rest.lowercased()) {
            return true
        }
        if rest.first == "." {
            rest = rest.dropFirst()
        }
        guard let first = rest.first, first.isASCII, first.isNumber else {
            return false
        }
        let numericCharacters = Set("0123456789abcdefABCDEFxo_.:+-eE ")
        return rest.allSatisfy { numericCharacters.contains($0) }
    }
}
