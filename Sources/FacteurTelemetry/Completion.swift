import Synchronization

/// A one-shot signal one task completes and another awaits; the wait ends early when the
/// waiting task is cancelled, so a flush bounded by a deadline can always give up.
final class Completion: Sendable {
    private enum State {
        case pending
        case waiting(CheckedContinuation<Void, Never>)
        case done
    }

    private let state = Mutex(State.pending)

    /// Marks the work done and wakes the waiter, if any.
    func complete() {
        let waiter: CheckedContinuation<Void, Never>? = state.withLock { state in
            defer { state = .done }
            if case .waiting(let continuation) = state {
                return continuation
            }
            return nil
        }
        waiter?.resume()
    }

    /// Returns once `complete()` was called or the task is cancelled.
    func wait() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let isDone = state.withLock { state in
                    if case .pending = state {
                        state = Task.isCancelled ? .done : .waiting(continuation)
                        return Task.isCancelled
                    }
                    return true
                }
                if isDone {
                    continuation.resume()
                }
            }
        } onCancel: {
            complete()
        }
    }

    /// Runs `operation` until it returns or `timeout` passes on `clock`, whichever is first;
    /// the loser is cancelled. Returns whether the operation finished in time.
    static func run(
        timeout: Duration,
        clock: any TelemetryClock,
        _ operation: @escaping @Sendable () async -> Void
    ) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await operation()
                return true
            }
            group.addTask {
                try? await clock.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }
}
