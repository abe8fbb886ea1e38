import FacteurCore
import Synchronization

/// Decides whether a pool thread may try to connect now. While Redis is down, one thread at
/// a time probes it, spaced by the backoff; every other command fails at once with the last
/// connect error instead of queueing behind connect timeouts.
final class RedisReconnectGate: Sendable {
    /// What a thread that needs a connection should do.
    enum Decision: Equatable {
        case attempt
        case refuse(KeyValueStoreError)
    }

    private struct State {
        var consecutiveFailures = 0
        var nextAttemptAt: Duration = .zero
        var isProbing = false
        var lastError: KeyValueStoreError?
    }

    private let backoff: RedisReconnectBackoff
    private let now: @Sendable () -> Duration
    private let jitter: @Sendable () -> Double
    private let state = Mutex(State())

    /// - Parameters:
    ///   - now: monotonic time since an arbitrary origin; injected so tests need not sleep.
    ///   - jitter: a number in `0...1` per failure; injected so tests can fix the delays.
    init(
        backoff: RedisReconnectBackoff,
        now: @escaping @Sendable () -> Duration,
        jitter: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }
    ) {
        self.backoff = backoff
        self.now = now
        self.jitter = jitter
    }

    /// While healthy every thread may connect, so a cold pool fills in parallel; after a
    /// failure only one probe runs, and only once the backoff has passed.
    func requestAttempt() -> Decision {
        let now = self.now()
        return state.withLock { state in
            guard state.consecutiveFailures > 0, let lastError = state.lastError else {
                return .attempt
            }
            guard now >= state.nextAttemptAt, !state.isProbing else {
                let wait = max(state.nextAttemptAt - now, .zero)
                let milliseconds = Int((wait / .milliseconds(1)).rounded(.up))
                return .refuse(KeyValueStoreError(
                    code: lastError.code,
                    message: "\(lastError.message) (next reconnect attempt in \(milliseconds) ms)"
                ))
            }
            state.isProbing = true
            return .attempt
        }
    }

    /// Closes the outage; returns how many attempts had failed before, so the caller can log
    /// the recovery once.
    @discardableResult
    func recordSuccess() -> Int {
        state.withLock { state in
            defer { state = State() }
            return state.consecutiveFailures
        }
    }

    /// Extends the outage; returns the failure count and the wait before the next attempt.
    @discardableResult
    func recordFailure(_ error: KeyValueStoreError) -> (failures: Int, delay: Duration) {
        let now = self.now()
        let jitter = self.jitter()
        return state.withLock { state in
            state.consecutiveFailures += 1
            state.isProbing = false
            state.lastError = error
            let delay = backoff.delay(afterFailures: state.consecutiveFailures, jitter: jitter)
            state.nextAttemptAt = now + delay
            return (state.consecutiveFailures, delay)
        }
    }
}
