import FacteurProtobuf
import Foundation
import Testing

/// RFC 3339 text for `google.protobuf.Timestamp`, as the JSON mapping prescribes.
@Suite("Timestamp RFC 3339 form")
struct ProtobufTimestampTests {
    @Test("Timestamps print in UTC with 0, 3, 6 or 9 fractional digits", arguments: [
        (Int64(0), Int32(0), "1970-01-01T00:00:00Z"),
        (1_714_566_896, 123_456_789, "2024-05-01T12:34:56.123456789Z"),
        (1_714_566_896, 120_000_000, "2024-05-01T12:34:56.120Z"),
        (1_714_566_896, 123_456_000, "2024-05-01T12:34:56.123456Z"),
        (-1, 0, "1969-12-31T23:59:59Z"),
        (951_782_400, 0, "2000-02-29T00:00:00Z"),
        (-62_135_596_800, 0, "0001-01-01T00:00:00Z"),
        (253_402_300_799, 999_999_999, "9999-12-31T23:59:59.999999999Z"),
    ])
    func printsAndParses(seconds: Int64, nanos: Int32, text: String) throws {
        let timestamp = ProtobufTimestamp(seconds: seconds, nanos: nanos)
        #expect(timestamp.rfc3339String == text)
        #expect(ProtobufTimestamp(rfc3339: text) == timestamp)
    }

    @Test("Offsets and short fractions are accepted on input", arguments: [
        ("2024-05-01T14:34:56+02:00", Int64(1_714_566_896), Int32(0)),
        ("2024-05-01T10:04:56.5-02:30", 1_714_566_896, 500_000_000),
        ("2024-05-01T12:34:56.000000001Z", 1_714_566_896, 1),
    ])
    func acceptsOffsets(text: String, seconds: Int64, nanos: Int32) {
        #expect(ProtobufTimestamp(rfc3339: text) == ProtobufTimestamp(seconds: seconds, nanos: nanos))
    }

    @Test("Malformed or out-of-range timestamps are refused", arguments: [
        "2024-02-30T00:00:00Z",
        "2023-02-29T00:00:00Z",
        "2024-05-01 12:34:56Z",
        "2024-05-01T12:34:56",
        "2024-05-01T12:34:56.1234567890Z",
        "2024-05-01T12:34:56.Z",
        "2024-05-01T24:00:00Z",
        "2024-05-01T12:60:00Z",
        "2024-05-01T12:34:56+2:00",
        "0000-12-31T23:59:59Z",
        "0001-01-01T00:00:00+00:01",
        "9999-12-31T23:59:59-00:01",
        "2024-05-01T12:34:56Zjunk",
        "",
    ])
    func refuses(text: String) {
        #expect(ProtobufTimestamp(rfc3339: text) == nil)
    }

    @Test("Values outside the range or with bad nanos have no text form", arguments: [
        ProtobufTimestamp(seconds: -62_135_596_801),
        ProtobufTimestamp(seconds: 253_402_300_800),
        ProtobufTimestamp(seconds: 0, nanos: -1),
        ProtobufTimestamp(seconds: 0, nanos: 1_000_000_000),
    ])
    func unrepresentable(timestamp: ProtobufTimestamp) {
        #expect(timestamp.rfc3339String == nil)
    }

    @Test("Dates convert both ways")
    func dates() {
        let timestamp = ProtobufTimestamp(date: Date(timeIntervalSince1970: 1_714_566_896.25))
        #expect(timestamp == ProtobufTimestamp(seconds: 1_714_566_896, nanos: 250_000_000))
        #expect(timestamp.date.timeIntervalSince1970 == 1_714_566_896.25)
    }
}
