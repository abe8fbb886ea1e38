import Foundation

/// What a dispatch produced, as stored in the user's session and in the idempotency
/// record; its JSON is `facteur.v1.DispatchResult` in protobuf's JSON mapping.
public struct DispatchRecord: Sendable, Equatable, Codable {
    public var namespace: String
    public var workflowName: String
    public var message: String
    public var correlationId: String
    public var traceId: String

    public init(namespace: String, workflowName: String, message: String, correlationId: String, traceId: String) {
        self.namespace = namespace
        self.workflowName = workflowName
        self.message = message
        self.correlationId = correlationId
        self.traceId = traceId
    }

    func jsonText() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    static func decode(_ text: String) -> DispatchRecord? {
        try? JSONDecoder().decode(DispatchRecord.self, from: Data(text.utf8))
    }
}

/// The idempotency record of one event identity: claimed while its first delivery is
/// being dispatched, then completed with the result every later delivery is answered with.
struct IdempotencyRecord: Codable, Equatable {
    enum State: String, Codable {
        case pending
        case done
    }

    var state: State
    /// Which delivery holds the claim, so only it may release the claim.
    var owner: String
    var result: DispatchRecord?

    func jsonText() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    static func decode(_ text: String) -> IdempotencyRecord? {
        try? JSONDecoder().decode(IdempotencyRecord.self, from: Data(text.utf8))
    }
}

/// Redis keys facteur writes, all under `<redis.key_prefix>:` (SPEC section 6).
public struct SessionKeys: Sendable, Equatable {
    public var prefix: String

    public init(prefix: String) {
        self.prefix = prefix
    }

    public func dispatch(userID: String) -> String { "\(prefix):dispatch:\(userID)" }

    public func event(identity: String) -> String { "\(prefix):event:\(identity)" }

    public func codexDelivery(_ deliveryID: String) -> String { "\(prefix):codex:\(deliveryID)" }
}
