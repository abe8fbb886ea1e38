import FacteurKubernetes
import Synchronization

/// A monotonic clock that moves only when a test says so: sleeps return at once, advancing
/// time and recording the delay, so backoff, deadline and TTL tests neither wait nor guess.
/// It is a `KubernetesClock`, and `clock.now` fits wherever a `@Sendable () -> Duration` is
/// expected (the Redis gate, the in-memory store).
public final class ManualClock: KubernetesClock {
    private struct State {
        var now: Duration
        var sleeps: [Duration] = []
    }

    private let state: Mutex<State>

    public init(startingAt start: Duration = .zero) {
        state = Mutex(State(now: start))
    }

    /// Every delay passed to `sleep`, in order.
    public var sleeps: [Duration] {
        state.withLock { $0.sleeps }
    }

    @Sendable
    public func now() -> Duration {
        state.withLock { $0.now }
    }

    public func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        state.withLock {
            $0.sleeps.append(duration)
            $0.now += duration
        }
        await Task.yield()
    }

    /// Moves time forward without a sleep.
    public func advance(by duration: Duration) {
        state.withLock { $0.now += duration }
    }
}
