import Foundation
import Synchronization

/// The hand-over point between the curl thread, which offers body chunks, and the task
/// reading a streamed body; it bounds what it holds so a slow reader pauses the transfer.
final class ResponseBodyBuffer: Sendable {
    /// What a reader gets from `next`.
    enum Delivery: Sendable {
        /// A chunk; `shouldResume` asks the reader to unpause the transfer, which only the
        /// curl thread may do (curl_easy_pause(3)).
        case chunk(Data, shouldResume: Bool)
        /// The end of the body, with the error that ended it early, if any.
        case end(HTTPClientError?)
    }

    private struct State {
        var chunks: [Data] = []
        var bufferedBytes = 0
        var isPaused = false
        var isFinished = false
        var failure: HTTPClientError?
        var waiter: CheckedContinuation<Delivery, Never>?
    }

    /// The held byte count at which the transfer pauses; it resumes at half of it.
    let limit: Int

    private let state = Mutex(State())

    /// Creates an empty buffer that pauses at `limit` bytes.
    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Takes a chunk from the curl thread; returns false, keeping nothing, when the reader
    /// is behind and the transfer should pause (libcurl then offers the chunk again).
    func offer(_ bytes: UnsafeRawBufferPointer) -> Bool {
        enum Outcome {
            case handedOver(CheckedContinuation<Delivery, Never>)
            case held
            case refused
        }

        let outcome = state.withLock { state -> Outcome in
            if let waiter = state.waiter {
                state.waiter = nil
                return .handedOver(waiter)
            }
            guard state.bufferedBytes < limit else {
                state.isPaused = true
                return .refused
            }
            state.chunks.append(Data(bytes))
            state.bufferedBytes += bytes.count
            return .held
        }
        switch outcome {
        case .handedOver(let waiter):
            waiter.resume(returning: .chunk(Data(bytes), shouldResume: false))
            return true
        case .held:
            return true
        case .refused:
            return false
        }
    }

    /// Ends the body; chunks already held are still delivered unless `discardingBuffered`,
    /// which a cancelled reader wants.
    func finish(_ failure: HTTPClientError?, discardingBuffered: Bool = false) {
        let waiter = state.withLock { state -> CheckedContinuation<Delivery, Never>? in
            guard !state.isFinished else { return nil }
            state.isFinished = true
            state.failure = failure
            if discardingBuffered {
                state.chunks.removeAll()
                state.bufferedBytes = 0
            }
            defer { state.waiter = nil }
            return state.waiter
        }
        if let waiter {
            waiter.resume(returning: .end(failure))
        }
    }

    /// Waits for the next chunk or the end; `onCancel` runs if the waiting task is cancelled.
    func next(onCancel: @Sendable () -> Void) async -> Delivery {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Delivery, Never>) in
                let ready = state.withLock { state -> Delivery? in
                    if !state.chunks.isEmpty {
                        let chunk = state.chunks.removeFirst()
                        state.bufferedBytes -= chunk.count
                        let shouldResume = state.isPaused && state.bufferedBytes <= limit / 2
                        if shouldResume {
                            state.isPaused = false
                        }
                        return .chunk(chunk, shouldResume: shouldResume)
                    }
                    if state.isFinished {
                        return .end(state.failure)
                    }
                    precondition(state.waiter == nil, "two tasks are reading one response body at once")
                    state.waiter = continuation
                    return nil
                }
                if let ready {
                    continuation.resume(returning: ready)
                }
            }
        } onCancel: {
            onCancel()
        }
    }
}
