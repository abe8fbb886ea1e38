import FacteurCore
import FacteurTelemetry

/// Wraps the session store in client spans (SPEC section 7), named by the Redis command
/// each operation issues; values never become attributes.
struct TracedKeyValueStore: KeyValueStore {
    let base: any KeyValueStore
    let tracer: Tracer

    func get(_ key: String) async throws(KeyValueStoreError) -> String? {
        try await traced("redis GET") { () async throws(KeyValueStoreError) -> String? in try await base.get(key) }
    }

    func set(_ key: String, to value: String, ttl: Duration) async throws(KeyValueStoreError) {
        try await traced("redis SET") { () async throws(KeyValueStoreError) in
            try await base.set(key, to: value, ttl: ttl)
        }
    }

    func setIfAbsent(_ key: String, to value: String, ttl: Duration) async throws(KeyValueStoreError) -> Bool {
        try await traced("redis SET NX") { () async throws(KeyValueStoreError) -> Bool in
            try await base.setIfAbsent(key, to: value, ttl: ttl)
        }
    }

    func delete(_ key: String, ifEqualTo expected: String) async throws(KeyValueStoreError) -> Bool {
        try await traced("redis EVAL") { () async throws(KeyValueStoreError) -> Bool in
            try await base.delete(key, ifEqualTo: expected)
        }
    }

    func ping() async throws(KeyValueStoreError) {
        try await base.ping()
    }

    private func traced<Result>(
        _ name: String,
        _ body: () async throws(KeyValueStoreError) -> Result
    ) async throws(KeyValueStoreError) -> Result {
        try await tracer.withSpan(name, kind: .client, attributes: ["db.system": .string("redis")]) {
            (_: Span) async throws(KeyValueStoreError) -> Result in
            try await body()
        }
    }
}
