/// A strict RFC 8259 JSON parser: no trailing commas, comments or bare words, exact integers,
/// and a nesting limit so hostile input cannot exhaust the stack.
struct JSONParser {
    /// How deep arrays and objects may nest, matching Google's JSON parsers' recursion limit.
    static let maximumDepth = 100

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Parses the whole input as one JSON value.
    mutating func parseDocument() throws -> JSONValue {
        let value = try parseValue()
        skipWhitespace()
        guard index == bytes.count else {
            throw failure("unexpected text after the value")
        }
        return value
    }

    private mutating func parseValue() throws -> JSONValue {
        skipWhitespace()
        guard index < bytes.count else {
            throw failure("unexpected end of input")
        }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): return try parseLiteral("true", .bool(true))
        case UInt8(ascii: "f"): return try parseLiteral("false", .bool(false))
        case UInt8(ascii: "n"): return try parseLiteral("null", .null)
        default: return try parseNumber()
        }
    }

    private mutating func parseObject() throws -> JSONValue {
        try enterContainer()
        var members: [(key: String, value: JSONValue)] = []
        skipWhitespace()
        if consume(UInt8(ascii: "}")) {
            depth -= 1
            return .object(members)
        }
        repeat {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw failure("expected a member name")
            }
            let key = try parseString()
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else {
                throw failure("expected ':' after a member name")
            }
            members.append((key, try parseValue()))
            skipWhitespace()
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "}")) else {
            throw failure("expected ',' or '}' in an object")
        }
        depth -= 1
        return .object(members)
    }

    private mutating func parseArray() throws -> JSONValue {
        try enterContainer()
        var elements: [JSONValue] = []
        skipWhitespace()
        if consume(UInt8(ascii: "]")) {
            depth -= 1
            return .array(elements)
        }
        repeat {
            elements.append(try parseValue())
            skipWhitespace()
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "]")) else {
            throw failure("expected ',' or ']' in an array")
        }
        depth -= 1
        return .array(elements)
    }

    /// Reads a string starting at its opening quote, decoding escapes and checking UTF-8.
    private mutating func parseString() throws -> String {
        index += 1
        var scalars = String.UnicodeScalarView()
        var runStart = index
        while true {
            guard index < bytes.count else {
                throw failure("unterminated string")
            }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                try appendRun(runStart..<index, to: &scalars)
                index += 1
                if byte == UInt8(ascii: "\"") {
                    return String(scalars)
                }
                scalars.append(try parseEscape())
                runStart = index
            } else if byte < 0x20 {
                throw failure("control character in a string")
            } else {
                index += 1
            }
        }
    }

    private func appendRun(_ range: Range<Int>, to scalars: inout String.UnicodeScalarView) throws {
        guard !range.isEmpty else { return }
        guard let run = String(validating: bytes[range], as: UTF8.self) else {
            throw failure("invalid UTF-8 in a string")
        }
        scalars.append(contentsOf: run.unicodeScalars)
    }

    /// Reads the escape after a backslash, pairing UTF-16 surrogates (RFC 8259 section 7).
    private mutating func parseEscape() throws -> Unicode.Scalar {
        guard index < bytes.count else {
            throw failure("unterminated escape")
        }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"): break
        default: throw failure("invalid escape")
        }
        let unit = try parseHex4()
        if (0xD800..<0xDC00).contains(unit) {
            guard consume(UInt8(ascii: "\\")), consume(UInt8(ascii: "u")) else {
                throw failure("unpaired surrogate")
            }
            let low = try parseHex4()
            guard (0xDC00..<0xE000).contains(low) else {
                throw failure("unpaired surrogate")
            }
            return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))!
        }
        guard let scalar = Unicode.Scalar(unit) else {
            throw failure("unpaired surrogate")
        }
        return scalar
    }

    private mutating func parseHex4() throws -> UInt32 {
        guard bytes.count - index >= 4,
              let value = UInt32(String(decoding: bytes[index..<(index + 4)], as: UTF8.self), radix: 16),
              bytes[index..<(index + 4)].allSatisfy({ $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "-") })
        else {
            throw failure("invalid \\u escape")
        }
        index += 4
        return value
    }

    /// Reads a number in RFC 8259's grammar; integers stay exact when they fit 64 bits.
    private mutating func parseNumber() throws -> JSONValue {
        let start = index
        _ = consume(UInt8(ascii: "-"))
        if consume(UInt8(ascii: "0")) {
            // A leading zero stands alone: "01" is not JSON.
        } else if digits() == 0 {
            throw failure("unexpected character")
        }
        var isInteger = true
        if consume(UInt8(ascii: ".")) {
            isInteger = false
            guard digits() > 0 else { throw failure("expected digits after '.'") }
        }
        if consume(UInt8(ascii: "e")) || consume(UInt8(ascii: "E")) {
            isInteger = false
            _ = consume(UInt8(ascii: "+")) || consume(UInt8(ascii: "-"))
            guard digits() > 0 else { throw failure("expected digits in an exponent") }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let value = Int64(text) {
            return .integer(value)
        }
        if isInteger, let value = UInt64(text) {
            return .unsignedInteger(value)
        }
        guard let value = Double(text), value.isFinite else {
            throw failure("number out of range")
        }
        return .double(value)
    }

    private mutating func digits() -> Int {
        var count = 0
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
            index += 1
            count += 1
        }
        return count
    }

    private mutating func parseLiteral(_ word: String, _ value: JSONValue) throws -> JSONValue {
        let expected = Array(word.utf8)
        guard bytes.count - index >= expected.count, bytes[index..<(index + expected.count)].elementsEqual(expected)
        else {
            throw failure("unexpected character")
        }
        index += expected.count
        return value
    }

    private mutating func enterContainer() throws {
        index += 1
        depth += 1
        guard depth <= Self.maximumDepth else {
            throw failure("nested deeper than \(Self.maximumDepth)")
        }
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) {
            index += 1
        }
    }

    private func failure(_ reason: String) -> ProtobufJSONError {
        ProtobufJSONError(code: .invalidJSON, detail: "malformed JSON at byte \(index): \(reason)")
    }
}
