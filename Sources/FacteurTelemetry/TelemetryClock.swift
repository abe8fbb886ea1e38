import Foundation

/// Where telemetry reads time and waits, so batching, retries and metric intervals can be
/// tested by advancing a clock instead of sleeping.
public protocol TelemetryClock: Sendable {
    /// Wall-clock time in nanoseconds since the Unix epoch, for span and data-point stamps.
    func unixNanoseconds() -> UInt64

    /// Suspends for `duration`; throws `CancellationError` when the task is cancelled.
    func sleep(for duration: Duration) async throws
}

/// The real clock: `clock_gettime(CLOCK_REALTIME)` for stamps, `Task.sleep` for waiting.
public struct SystemTelemetryClock: TelemetryClock {
    public init() {}

    public func unixNanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}
