/// Reads protobuf wire-format values from one message's slice of the input, refusing anything
/// truncated or malformed instead of guessing.
///
/// Nested decoders share the outermost buffer, so every offset in an error counts from the
/// start of what the caller handed in.
public struct ProtobufDecoder: Sendable {
    /// How deep messages and groups may nest, as in Google's parsers; bounds recursion on
    /// hostile input.
    public static let maximumDepth = 100

    /// The largest field number a tag may carry (https://protobuf.dev/programming-guides/proto3/).
    public static let maximumFieldNumber = (1 << 29) - 1

    private let buffer: [UInt8]
    private let end: Int
    private let depth: Int

    /// Offset of the next byte to read, from the start of the outermost input.
    public private(set) var position: Int

    /// Offset of the last tag read, so errors about a group point at the tag that opened it.
    private var tagStart: Int

    /// A decoder over all of `bytes`.
    public init(bytes: [UInt8]) {
        self.init(buffer: bytes, range: bytes.startIndex..<bytes.endIndex, depth: 0)
    }

    private init(buffer: [UInt8], range: Range<Int>, depth: Int) {
        self.buffer = buffer
        self.position = range.lowerBound
        self.tagStart = range.lowerBound
        self.end = range.upperBound
        self.depth = depth
    }

    /// Whether the message's bytes are used up.
    public var isAtEnd: Bool {
        position >= end
    }

    /// Reads a field key, refusing field number 0, numbers past 2^29 - 1 and wire types 6 and 7.
    public mutating func readTag() throws -> (fieldNumber: Int, wireType: WireType) {
        let start = position
        tagStart = start
        let key = try readVarint()
        let fieldNumber = key >> 3
        guard fieldNumber != 0, fieldNumber <= UInt64(Self.maximumFieldNumber) else {
            throw failure(.invalidTag, at: start, "invalid field number \(fieldNumber)")
        }
        guard let wireType = WireType(rawValue: UInt8(key & 7)) else {
            throw failure(.invalidTag, at: start, "invalid wire type \(key & 7)")
        }
        return (Int(fieldNumber), wireType)
    }

    /// Reads a base-128 varint of at most ten bytes; bits past the 64th are dropped, as
    /// Google's parsers drop them.
    public mutating func readVarint() throws -> UInt64 {
        let start = position
        var result: UInt64 = 0
        var shift: UInt64 = 0
        for _ in 0..<10 {
            guard position < end else {
                throw failure(.truncated, at: start, "truncated varint")
            }
            let byte = buffer[position]
            position += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                return result
            }
            shift += 7
        }
        throw failure(.overlongVarint, at: start, "varint longer than 10 bytes")
    }

    /// Reads a length prefix and returns the range of bytes it covers, refusing a length that
    /// runs past the end of the enclosing message.
    public mutating func readLengthDelimited() throws -> Range<Int> {
        let start = position
        let length = try readVarint()
        guard length <= UInt64(end - position) else {
            throw failure(.truncated, at: start, "truncated length-delimited value")
        }
        let range = position..<(position + Int(length))
        position = range.upperBound
        return range
    }

    /// Reads a length-delimited value that must be UTF-8 (proto3 `string` fields).
    public mutating func readString() throws -> String {
        let start = position
        let range = try readLengthDelimited()
        guard let string = String(validating: buffer[range], as: UTF8.self) else {
            throw failure(.invalidUTF8, at: start, "invalid UTF-8 in string")
        }
        return string
    }

    /// Reads a length-delimited value and returns a decoder over it, one level deeper.
    public mutating func readNestedMessage() throws -> ProtobufDecoder {
        let start = position
        let range = try readLengthDelimited()
        guard depth < Self.maximumDepth else {
            throw failure(.nestingTooDeep, at: start, "messages nested deeper than \(Self.maximumDepth)")
        }
        return ProtobufDecoder(buffer: buffer, range: range, depth: depth + 1)
    }

    /// Refuses a known field whose wire type does not match its declaration.
    public func expect(_ wireType: WireType, _ expected: WireType) throws {
        guard wireType == expected else {
            throw failure(
                .wireTypeMismatch,
                at: position,
                "wire type \(wireType) where \(expected) was expected"
            )
        }
    }

    /// Skips the value of a field this message does not know, whatever its wire type.
    public mutating func skipField(fieldNumber: Int, wireType: WireType) throws {
        try skipField(fieldNumber: fieldNumber, wireType: wireType, groupDepth: depth)
    }

    /// A decoding error at `offset`, to be located by the message that catches it.
    public func failure(
        _ code: ProtobufDecodingError.Code,
        at offset: Int,
        _ detail: String
    ) -> ProtobufDecodingError {
        ProtobufDecodingError(code: code, offset: offset, detail: detail)
    }

    private mutating func skipField(fieldNumber: Int, wireType: WireType, groupDepth: Int) throws {
        let start = tagStart
        switch wireType {
        case .varint:
            _ = try readVarint()
        case .fixed64:
            try skipFixed(8, wireType: wireType)
        case .fixed32:
            try skipFixed(4, wireType: wireType)
        case .lengthDelimited:
            _ = try readLengthDelimited()
        case .startGroup:
            try skipGroup(fieldNumber: fieldNumber, groupDepth: groupDepth + 1, start: start)
        case .endGroup:
            throw failure(.malformedGroup, at: start, "end-group tag without a start-group")
        }
    }

    /// Skips a group's fields up to the end-group tag carrying the same field number.
    private mutating func skipGroup(fieldNumber: Int, groupDepth: Int, start: Int) throws {
        guard groupDepth <= Self.maximumDepth else {
            throw failure(.nestingTooDeep, at: start, "groups nested deeper than \(Self.maximumDepth)")
        }
        while !isAtEnd {
            let tag = try readTag()
            if tag.wireType == .endGroup {
                guard tag.fieldNumber == fieldNumber else {
                    throw failure(
                        .malformedGroup,
                        at: tagStart,
                        "group \(fieldNumber) closed by end-group \(tag.fieldNumber)"
                    )
                }
                return
            }
            try skipField(fieldNumber: tag.fieldNumber, wireType: tag.wireType, groupDepth: groupDepth)
        }
        throw failure(.malformedGroup, at: start, "group \(fieldNumber) not closed")
    }

    private mutating func skipFixed(_ width: Int, wireType: WireType) throws {
        guard end - position >= width else {
            throw failure(.truncated, at: position, "truncated \(wireType) value")
        }
        position += width
    }
}
