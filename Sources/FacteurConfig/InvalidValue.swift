/// Why one configuration value was refused; the loader adds the key and where the value came from.
struct InvalidValue: Error, Equatable {
    /// A phrase that completes "<key>: …", such as `"abc" is not a snowflake (17-20 digits)`.
    var message: String

    init(_ message: String) {
        self.message = message
    }

    /// Quotes a value for a message, escaping quotes and cutting very long values short.
    static func quote(_ value: String) -> String {
        let shortened = value.count > 80 ? value.prefix(77) + "..." : Substring(value)
        var text = "\""
        for character in shortened {
            switch character {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\t": text += "\\t"
            default: text.append(character)
            }
        }
        return text + "\""
    }
}
