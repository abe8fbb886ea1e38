import FacteurProtobuf
import Testing

/// The strict RFC 8259 parser under the JSON mapping.
@Suite("JSON parsing")
struct JSONValueTests {
    @Test("Text that is not exactly one RFC 8259 value is refused", arguments: [
        "", " ", "01", "1.", ".5", "-", "+1", "1e", "[1,]", "{,}", #"{"a":1,}"#, #"{"a" 1}"#, "{1:2}",
        #""\x""#, #""\ud800""#, #""\ud800\u0041""#, #""\udc00""#, "\"a\nb\"", "\"abc", "tru", "nul",
        "[1] 2", "// comment\n{}", "NaN", "1e400", #""\u12G4""#, #""\u+123""#,
        String(repeating: "[", count: 101) + String(repeating: "]", count: 101),
    ])
    func refuses(text: String) {
        #expect(throws: ProtobufJSONError.self) { try JSONValue(parsing: Array(text.utf8)) }
    }

    @Test("Invalid UTF-8 inside a string is refused")
    func refusesInvalidUTF8() {
        #expect(throws: ProtobufJSONError.self) { try JSONValue(parsing: [0x22, 0xC3, 0x28, 0x22]) }
    }

    @Test("Escapes decode, surrogate pairs included", arguments: [
        (#""\ud83d\ude80""#, "🚀"),
        (#""\"\\\/\b\f\n\r\t""#, "\"\\/\u{8}\u{C}\n\r\t"),
        (#""\u00e9é""#, "éé"),
        (#""""#, ""),
    ])
    func escapes(text: String, expected: String) throws {
        guard case .string(let value) = try JSONValue(parsing: Array(text.utf8)) else {
            Issue.record("not a string")
            return
        }
        #expect(value == expected)
    }

    @Test("Integers stay exact through 64 bits; others become doubles")
    func numbers() throws {
        guard case .integer(let small) = try JSONValue(parsing: Array("-9223372036854775808".utf8)),
              case .unsignedInteger(let large) = try JSONValue(parsing: Array("18446744073709551615".utf8)),
              case .double(let fraction) = try JSONValue(parsing: Array(" -1.5e2 ".utf8))
        else {
            Issue.record("numbers parsed as the wrong kind")
            return
        }
        #expect(small == Int64.min)
        #expect(large == UInt64.max)
        #expect(fraction == -150)
    }

    @Test("Nesting up to the limit is accepted")
    func nesting() throws {
        let depth = 100
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        _ = try JSONValue(parsing: Array(text.utf8))
    }
}
