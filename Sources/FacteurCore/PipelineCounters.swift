import Synchronization

/// Counts the outcomes an operator must be able to see even without traces: failed
/// session writes in particular are never retried, so the counter is their only trace.
public final class PipelineCounters: Sendable {
    private let sessionWriteFailures = Atomic<Int>(0)

    public init() {}

    public var sessionWriteFailureCount: Int { sessionWriteFailures.load(ordering: .relaxed) }

    func recordSessionWriteFailure() {
        sessionWriteFailures.add(1, ordering: .relaxed)
    }
}
