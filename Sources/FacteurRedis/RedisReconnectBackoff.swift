/// The spacing of reconnect attempts while Redis is unreachable: exponential, capped and
/// jittered, so an outage costs one connect attempt per interval instead of a hot loop, and
/// many facteur replicas do not reconnect in lockstep when the server returns.
public struct RedisReconnectBackoff: Sendable, Equatable {
    /// The wait after the first failed attempt, before jitter.
    public var initialDelay: Duration

    /// The longest wait between attempts, before jitter; also bounds how long commands keep
    /// failing fast after the server is back.
    public var maximumDelay: Duration

    /// Creates a policy; the defaults suit a server on the same network.
    public init(initialDelay: Duration = .milliseconds(100), maximumDelay: Duration = .seconds(3)) {
        precondition(initialDelay > .zero, "a reconnect backoff needs a positive initial delay")
        precondition(maximumDelay >= initialDelay, "a reconnect backoff's maximum is below its initial delay")
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
    }

    /// The wait after `failures` consecutive failed attempts.
    /// - Parameter jitter: a number in `0...1`; the wait lies between half and all of the
    ///   capped exponential delay ("equal jitter"), so it never collapses towards zero.
    public func delay(afterFailures failures: Int, jitter: Double) -> Duration {
        guard failures > 0 else {
            return .zero
        }
        var delay = initialDelay
        for _ in 1..<min(failures, 32) where delay < maximumDelay {
            delay *= 2
        }
        delay = min(delay, maximumDelay)
        let clampedJitter = min(max(jitter, 0), 1)
        return delay / 2 + (delay / 2) * clampedJitter
    }
}
