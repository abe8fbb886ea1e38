import FacteurKubernetes
import Synchronization

/// A `KubernetesClock` whose sleeps return at once, advancing its time and recording the
/// requested delay, so backoff and deadline tests neither wait nor guess.
final class ManualClock: KubernetesClock {
    private struct State {
        var now: Duration = .zero
        var sleeps: [Duration] = []
    }

    private let state = Mutex(State())

    /// Every delay passed to `sleep`, in order.
    var sleeps: [Duration] { state.withLock { $0.sleeps } }

    func now() -> Duration {
        state.withLock { $0.now }
    }

    func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        state.withLock {
            $0.sleeps.append(duration)
            $0.now += duration
        }
        await Task.yield()
    }

    /// Moves time forward without a sleep.
    func advance(by duration: Duration) {
        state.withLock { $0.now += duration }
    }
}
