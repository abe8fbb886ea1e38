import Dispatch
import Foundation

/// Turns SIGINT and SIGTERM into an awaitable event, so shutdown runs as ordinary async
/// code instead of inside a signal handler.
///
/// `@unchecked Sendable`: the dispatch sources are written once in `init` and afterwards
/// only cancelled in `deinit`; Dispatch itself synchronises their handlers.
public final class TerminationSignals: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]
    private let stream: AsyncStream<Int32>

    /// Starts listening; the default disposition is replaced so the process is not killed
    /// before it has drained.
    public init(signals: [Int32] = [SIGINT, SIGTERM]) {
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        self.stream = stream
        self.sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
    }

    deinit {
        for source in sources {
            source.cancel()
        }
    }

    /// Waits for the next termination signal and returns its number.
    public func next() async -> Int32? {
        var iterator = stream.makeAsyncIterator()
        return await iterator.next()
    }

    /// The signal's conventional name, for logs.
    public static func name(of number: Int32) -> String {
        switch number {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        default: "signal \(number)"
        }
    }
}
