/// The time source of retries, token re-reads and watch polling; injected so tests of
/// backoff, deadlines and rotation run without really waiting.
public protocol KubernetesClock: Sendable {
    /// Monotonic time since an arbitrary origin; only differences between readings mean anything.
    func now() -> Duration

    /// Suspends for `duration`; throws `CancellationError` when the task is cancelled.
    func sleep(for duration: Duration) async throws
}

/// The process's monotonic clock, which keeps counting while the machine sleeps.
public struct SystemKubernetesClock: KubernetesClock {
    private static let origin = ContinuousClock.now

    /// Creates the clock; every instance shares one origin.
    public init() {}

    public func now() -> Duration {
        Self.origin.duration(to: ContinuousClock.now)
    }

    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}
