import Synchronization

/// The `memory://` store (SPEC section 2): a process-local map with Redis's TTL semantics,
/// for local runs and tests, where nothing has to survive a restart.
///
/// Time comes from the injected `now` closure, so TTL expiry is testable without sleeping.
/// Expired keys are dropped when they are next touched, and a periodic sweep on writes keeps
/// keys that are never read again from accumulating.
public final class InMemoryKeyValueStore: KeyValueStore {
    private struct Entry {
        var value: String
        var expiresAt: Duration
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var writesSinceSweep = 0
    }

    /// How many writes pass between full sweeps of expired keys; bounds memory held by keys
    /// nobody reads again without paying for a sweep on every write.
    private static let writesPerSweep = 256

    /// The process's monotonic time, the default for `now`.
    public static let systemNow: @Sendable () -> Duration = {
        let origin = ContinuousClock.now
        return { origin.duration(to: ContinuousClock.now) }
    }()

    private let now: @Sendable () -> Duration
    private let state = Mutex(State())

    /// Creates an empty store.
    /// - Parameter now: monotonic time since an arbitrary origin; only differences matter.
    public init(now: @escaping @Sendable () -> Duration = InMemoryKeyValueStore.systemNow) {
        self.now = now
    }

    /// Creates an empty store that reads time from the pipeline's clock, so a test that
    /// advances that clock expires sessions and idempotency records with it.
    public convenience init(clock: some PipelineClock) {
        let origin = clock.now()
        self.init(now: { .seconds(clock.now().timeIntervalSince(origin)) })
    }

    /// The number of keys that have not expired; a test hook.
    public var count: Int {
        let now = self.now()
        return state.withLock { state in
            state.entries.values.count { $0.expiresAt > now }
        }
    }

    public func get(_ key: String) async throws(KeyValueStoreError) -> String? {
        let now = self.now()
        return state.withLock { state in
            Self.liveEntry(for: key, in: &state, at: now)?.value
        }
    }

    public func set(_ key: String, to value: String, ttl: Duration) async throws(KeyValueStoreError) {
        let now = self.now()
        state.withLock { state in
            Self.write(value, for: key, expiresAt: now + Self.effectiveTTL(ttl), into: &state, at: now)
        }
    }

    public func setIfAbsent(
        _ key: String,
        to value: String,
        ttl: Duration
    ) async throws(KeyValueStoreError) -> Bool {
        let now = self.now()
        return state.withLock { state in
            guard Self.liveEntry(for: key, in: &state, at: now) == nil else {
                return false
            }
            Self.write(value, for: key, expiresAt: now + Self.effectiveTTL(ttl), into: &state, at: now)
            return true
        }
    }

    @discardableResult
    public func delete(_ key: String, ifEqualTo expected: String) async throws(KeyValueStoreError) -> Bool {
        let now = self.now()
        return state.withLock { state in
            guard Self.liveEntry(for: key, in: &state, at: now)?.value == expected else {
                return false
            }
            state.entries[key] = nil
            return true
        }
    }

    /// Always succeeds: the map is always there (SPEC section 3, `memory://` is always ready).
    public func ping() async throws(KeyValueStoreError) {}

    /// Redis refuses a zero or negative expiry and counts in whole milliseconds; the store
    /// rounds up to at least one millisecond, as `RedisKeyValueStore` does, so both keep a key
    /// for the same time.
    private static func effectiveTTL(_ ttl: Duration) -> Duration {
        let milliseconds = (ttl / .milliseconds(1)).rounded(.up)
        return milliseconds >= 1 ? .milliseconds(milliseconds) : .milliseconds(1)
    }

    /// The key's entry if it has not expired; an expired one is removed on the way.
    private static func liveEntry(for key: String, in state: inout State, at now: Duration) -> Entry? {
        guard let entry = state.entries[key] else {
            return nil
        }
        guard entry.expiresAt > now else {
            state.entries[key] = nil
            return nil
        }
        return entry
    }

    private static func write(
        _ value: String,
        for key: String,
        expiresAt: Duration,
        into state: inout State,
        at now: Duration
    ) {
        state.entries[key] = Entry(value: value, expiresAt: expiresAt)
        state.writesSinceSweep += 1
        if state.writesSinceSweep >= writesPerSweep {
            state.writesSinceSweep = 0
            state.entries = state.entries.filter { $0.value.expiresAt > now }
        }
    }
}
