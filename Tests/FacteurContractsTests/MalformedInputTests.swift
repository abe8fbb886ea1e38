import FacteurContracts
import FacteurProtobuf
import Testing

/// Every kind of malformed input is refused with an error naming the message, field and offset.
@Suite("Malformed protobuf input")
struct MalformedInputTests {
    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var hex: String
        var code: ProtobufDecodingError.Code
        var message: String
    }

    static let cases: [Case] = [
        Case(
            description: "truncated tag",
            hex: "80",
            code: .truncated,
            message: "facteur.v1.CommandEvent: truncated varint at byte 0"
        ),
        Case(
            description: "truncated varint value",
            hex: "2200 30",
            code: .truncated,
            message: "facteur.v1.CommandEvent.version: truncated varint at byte 3"
        ),
        Case(
            description: "varint longer than ten bytes",
            hex: "30 ffffffffffffffffffff01",
            code: .overlongVarint,
            message: "facteur.v1.CommandEvent.version: varint longer than 10 bytes at byte 1"
        ),
        Case(
            description: "length prefix past the end",
            hex: "0a05 6162",
            code: .truncated,
            message: "facteur.v1.CommandEvent.provider: truncated length-delimited value at byte 1"
        ),
        Case(
            description: "length prefix of 2^64 - 1",
            hex: "0a ffffffffffffffffff01",
            code: .truncated,
            message: "facteur.v1.CommandEvent.provider: truncated length-delimited value at byte 1"
        ),
        Case(
            description: "truncated map entry",
            hex: "2204706c616e 4204 0a05 6162",
            code: .truncated,
            message: "facteur.v1.CommandEvent.options: truncated length-delimited value at byte 9"
        ),
        Case(
            description: "length past the end of the enclosing message",
            hex: "5a03 0a0561 6263",
            code: .truncated,
            message: "facteur.v1.CommandEvent.user.id: truncated length-delimited value at byte 3"
        ),
        Case(
            description: "invalid UTF-8 in a string",
            hex: "0a02 c328",
            code: .invalidUTF8,
            message: "facteur.v1.CommandEvent.provider: invalid UTF-8 in string at byte 1"
        ),
        Case(
            description: "invalid UTF-8 in a map key",
            hex: "4204 0a02c328",
            code: .invalidUTF8,
            message: "facteur.v1.CommandEvent.options: invalid UTF-8 in string at byte 3"
        ),
        Case(
            description: "invalid UTF-8 in a nested repeated string",
            hex: "6204 1202 edbfbf",
            code: .invalidUTF8,
            message: "facteur.v1.CommandEvent.member.roles: invalid UTF-8 in string at byte 3"
        ),
        Case(
            description: "varint where a string is declared",
            hex: "0801",
            code: .wireTypeMismatch,
            message: "facteur.v1.CommandEvent.provider: wire type varint where length-delimited was expected at byte 1"
        ),
        Case(
            description: "string where a varint is declared",
            hex: "3201 00",
            code: .wireTypeMismatch,
            message: "facteur.v1.CommandEvent.version: wire type length-delimited where varint was expected at byte 1"
        ),
        Case(
            description: "fixed32 where a message is declared",
            hex: "5d 01020304",
            code: .wireTypeMismatch,
            message: "facteur.v1.CommandEvent.user: wire type fixed32 where length-delimited was expected at byte 1"
        ),
        Case(
            description: "field number 0",
            hex: "0000",
            code: .invalidTag,
            message: "facteur.v1.CommandEvent: invalid field number 0 at byte 0"
        ),
        Case(
            description: "field number past 2^29 - 1",
            hex: "8080808010",
            code: .invalidTag,
            message: "facteur.v1.CommandEvent: invalid field number 536870912 at byte 0"
        ),
        Case(
            description: "wire type 6",
            hex: "0e",
            code: .invalidTag,
            message: "facteur.v1.CommandEvent: invalid wire type 6 at byte 0"
        ),
        Case(
            description: "wire type 7",
            hex: "0f",
            code: .invalidTag,
            message: "facteur.v1.CommandEvent: invalid wire type 7 at byte 0"
        ),
        Case(
            description: "end-group without a start-group",
            hex: "cc01",
            code: .malformedGroup,
            message: "facteur.v1.CommandEvent: end-group tag without a start-group at byte 0"
        ),
        Case(
            description: "group never closed",
            hex: "cb01 0801",
            code: .malformedGroup,
            message: "facteur.v1.CommandEvent: group 25 not closed at byte 0"
        ),
        Case(
            description: "group closed by another field's end-group",
            hex: "cb01 d401",
            code: .malformedGroup,
            message: "facteur.v1.CommandEvent: group 25 closed by end-group 26 at byte 2"
        ),
        Case(
            description: "truncated fixed32",
            hex: "f501 010203",
            code: .truncated,
            message: "facteur.v1.CommandEvent: truncated fixed32 value at byte 2"
        ),
        Case(
            description: "truncated fixed64",
            hex: "f101 01020304050607",
            code: .truncated,
            message: "facteur.v1.CommandEvent: truncated fixed64 value at byte 2"
        ),
        Case(
            description: "groups nested past the depth limit",
            hex: String(repeating: "cb01", count: ProtobufDecoder.maximumDepth + 1),
            code: .nestingTooDeep,
            message: "facteur.v1.CommandEvent: groups nested deeper than 100 at byte 200"
        ),
    ]

    @Test("Malformed input is rejected with a located error", arguments: cases)
    func rejects(testCase: Case) throws {
        let error = try #require(throws: ProtobufDecodingError.self) {
            try CommandEvent(serializedBytes: [UInt8](hex: testCase.hex))
        }
        #expect(error.code == testCase.code)
        #expect(error.description == testCase.message)
        #expect(error.messageName == "facteur.v1.CommandEvent")
    }

    @Test("Errors in nested messages name the whole field path")
    func nestedPath() throws {
        let error = try #require(throws: ProtobufDecodingError.self) {
            try CodexTask(serializedBytes: [UInt8](hex: "8201 05 1a03 0a01ff"))
        }
        #expect(error.fieldPath == ["review_context", "failing_checks", "name"])
        #expect(error.description
            == "github.v1.CodexTask.review_context.failing_checks.name: invalid UTF-8 in string at byte 6")
    }

    @Test("A packed list whose last varint is cut short is refused")
    func truncatedPacked() throws {
        let error = try #require(throws: ProtobufDecodingError.self) {
            try ScalarsMessage(serializedBytes: [UInt8](hex: "3202 0180"))
        }
        #expect(error.code == .truncated)
        #expect(error.fieldName == "packed_int32")
    }
}
