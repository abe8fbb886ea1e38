/// The storage facteur's sessions and idempotency records live in (SPEC sections 2 and 6):
/// Redis in production, an in-process map for `memory://`. Every key is written with a TTL.
public protocol KeyValueStore: Sendable {
    func get(_ key: String) async throws(KeyValueStoreError) -> String?

    func set(_ key: String, to value: String, ttl: Duration) async throws(KeyValueStoreError)

    /// Writes only when the key is absent (Redis `SET NX`); true when this call wrote it.
    /// This is the primitive that lets exactly one of several deliveries own an event.
    func setIfAbsent(_ key: String, to value: String, ttl: Duration) async throws(KeyValueStoreError) -> Bool

    /// Deletes the key only while it still holds `expected`, so a worker releases its own
    /// claim and never one a later worker has taken over.
    @discardableResult
    func delete(_ key: String, ifEqualTo expected: String) async throws(KeyValueStoreError) -> Bool

    /// Throws when the store cannot answer, for `/readyz`.
    func ping() async throws(KeyValueStoreError)
}

/// A store failure, classified by what the caller can do about it.
public struct KeyValueStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Opaque and extensible: match on the static values.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String

        /// The store could not be reached or did not answer in time; retrying may help.
        public static let unavailable = Code(name: "unavailable")
        /// The store answered something unexpected (wrong type, protocol error).
        public static let invalidResponse = Code(name: "invalid_response")
        /// The configuration asks for something this build cannot do (such as TLS).
        public static let unsupported = Code(name: "unsupported")
        /// The store refused the credentials.
        public static let authenticationFailed = Code(name: "authentication_failed")

        public var description: String { name }
    }

    public var code: Code
    public var message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
