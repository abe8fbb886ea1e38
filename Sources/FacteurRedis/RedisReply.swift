import CHiredis

/// A Redis reply copied out of hiredis's `redisReply` tree, so the C tree can be freed at
/// once and no C pointer outlives the call that produced it.
enum RedisReply: Sendable, Equatable {
    case bulkString([UInt8])
    case status(String)
    case integer(Int64)
    case null
    case error(String)
    case array([RedisReply])

    /// Copies `reply` recursively; the caller still frees it with `freeReplyObject`.
    init(copying reply: UnsafePointer<redisReply>) {
        let node = reply.pointee
        switch node.type {
        case REDIS_REPLY_STRING:
            self = .bulkString(Self.bytes(node.str, count: node.len))
        case REDIS_REPLY_STATUS:
            self = .status(String(decoding: Self.bytes(node.str, count: node.len), as: UTF8.self))
        case REDIS_REPLY_ERROR:
            self = .error(String(decoding: Self.bytes(node.str, count: node.len), as: UTF8.self))
        case REDIS_REPLY_INTEGER:
            self = .integer(Int64(node.integer))
        case REDIS_REPLY_ARRAY:
            var elements: [RedisReply] = []
            elements.reserveCapacity(node.elements)
            for index in 0..<node.elements {
                if let element = node.element[index] {
                    elements.append(RedisReply(copying: element))
                }
            }
            self = .array(elements)
        default:
            self = .null
        }
    }

    /// A short name of the reply's kind, for "unexpected reply" errors that must not quote
    /// stored values.
    var kind: String {
        switch self {
        case .bulkString: "bulk string"
        case .status: "status"
        case .integer: "integer"
        case .null: "nil"
        case .error: "error"
        case .array: "array"
        }
    }

    private static func bytes(_ pointer: UnsafeMutablePointer<CChar>?, count: Int) -> [UInt8] {
        guard let pointer, count > 0 else {
            return []
        }
        return pointer.withMemoryRebound(to: UInt8.self, capacity: count) { start in
            Array(UnsafeBufferPointer(start: start, count: count))
        }
    }
}
