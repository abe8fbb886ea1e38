import Foundation

/// What facteur records of a CodexTask: enough to log it and to answer a redelivery.
public struct CodexTaskReceipt: Sendable, Equatable, Codable {
    public var deliveryId: String
    public var stage: String
    public var repository: String
    public var issueNumber: Int64

    public init(deliveryId: String, stage: String, repository: String, issueNumber: Int64) {
        self.deliveryId = deliveryId
        self.stage = stage
        self.repository = repository
        self.issueNumber = issueNumber
    }
}

/// Accepts CodexTasks once per `delivery_id` (SPEC section 6); GitHub redelivers webhooks,
/// and each redelivery must be recognised as the same task.
public struct CodexTaskIntake: Sendable {
    public enum Outcome: Sendable, Equatable {
        case accepted(CodexTaskReceipt)
        case duplicate(CodexTaskReceipt)
        case invalid(String)
        case unavailable(String)
    }

    let keys: SessionKeys
    let store: any KeyValueStore
    let ttl: Duration

    public init(keys: SessionKeys, store: any KeyValueStore, ttl: Duration = .seconds(24 * 60 * 60)) {
        self.keys = keys
        self.store = store
        self.ttl = ttl
    }

    public func accept(_ receipt: CodexTaskReceipt) async -> Outcome {
        guard !receipt.deliveryId.isBlank else {
            return .invalid("the CodexTask has no delivery_id, so redeliveries could not be recognised")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: (try? encoder.encode(receipt)) ?? Data(), as: UTF8.self)
        let key = keys.codexDelivery(receipt.deliveryId)
        do {
            if try await store.setIfAbsent(key, to: text, ttl: ttl) {
                return .accepted(receipt)
            }
            let stored = try await store.get(key).flatMap {
                try? JSONDecoder().decode(CodexTaskReceipt.self, from: Data($0.utf8))
            }
            return .duplicate(stored ?? receipt)
        } catch {
            return .unavailable("the session store is unavailable: \(error.message)")
        }
    }
}
