import Foundation

/// Time as the pipeline sees it; injected so tests of waits and TTLs need not sleep.
public protocol PipelineClock: Sendable {
    func now() -> Date
    func sleep(for duration: Duration) async throws
}

/// Wall-clock time and real sleeps.
public struct SystemPipelineClock: PipelineClock {
    public init() {}

    public func now() -> Date { Date() }

    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}
