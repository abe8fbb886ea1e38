/// How long and how often facteur retries a Kubernetes call that failed for a reason that may
/// pass: 429, 5xx, timeouts and refused or dropped connections (SPEC section 6).
public struct KubernetesRetryPolicy: Sendable, Equatable {
    /// The budget for one call, attempts and waits included; SPEC section 6 fixes it at 10 s.
    public var deadline: Duration

    /// The longest a single attempt may take, so one hung connection cannot spend the budget.
    public var attemptTimeout: Duration

    /// The wait after the first failure; each later wait doubles up to `maximumBackoff`.
    public var initialBackoff: Duration

    /// The ceiling of the exponential wait (a `Retry-After` may ask for longer).
    public var maximumBackoff: Duration

    /// The share of each wait that is random, in `0...1`, so clients that failed together do
    /// not retry together; 0 makes waits exact, as tests want.
    public var jitter: Double

    /// Creates a policy; the defaults suit an API server under ordinary load.
    public init(
        deadline: Duration = .seconds(10),
        attemptTimeout: Duration = .seconds(5),
        initialBackoff: Duration = .milliseconds(200),
        maximumBackoff: Duration = .seconds(2),
        jitter: Double = 0.5
    ) {
        self.deadline = deadline
        self.attemptTimeout = attemptTimeout
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
        self.jitter = min(max(jitter, 0), 1)
    }

    /// The wait before retry number `retry` (0 for the first retry): exponential, capped, then
    /// shortened by a random share of at most `jitter`.
    public func backoff(retry: Int) -> Duration {
        var delay = initialBackoff
        for _ in 0..<min(retry, 32) where delay < maximumBackoff {
            delay *= 2
        }
        delay = min(delay, maximumBackoff)
        guard jitter > 0 else { return delay }
        return delay * (1 - jitter * Double.random(in: 0..<1))
    }
}
