import Synchronization

/// A monotonic time source that moves only when a test says so, for TTL and backoff tests
/// that must not sleep. Pass `clock.now` wherever a `@Sendable () -> Duration` is expected.
final class ManualClock: Sendable {
    private let current: Mutex<Duration>

    init(startingAt start: Duration = .seconds(1000)) {
        current = Mutex(start)
    }

    @Sendable
    func now() -> Duration {
        current.withLock { $0 }
    }

    func advance(by duration: Duration) {
        current.withLock { $0 += duration }
    }
}
