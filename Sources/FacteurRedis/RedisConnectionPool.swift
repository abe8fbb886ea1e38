import Dispatch
import FacteurCore
import FacteurLogging
import Foundation
import Synchronization

/// A fixed set of threads, each owning at most one blocking hiredis connection, that take
/// commands from one queue. Blocking calls stay on these threads, never on Swift's
/// cooperative pool, and callers wait through checked continuations.
///
/// Connections carry a generation. When one breaks mid-command, the generation advances and
/// every other pooled connection is dropped before its next use, so a Redis restart costs at
/// most one failed command rather than one per pooled connection.
final class RedisConnectionPool: Sendable {
    typealias Outcome = Result<RedisReply, KeyValueStoreError>

    private struct Job: Sendable {
        let id: UInt64
        let command: RedisCommand
        let continuation: CheckedContinuation<Outcome, Never>
    }

    private struct State {
        var pending: [Job] = []
        var lastJobID: UInt64 = 0
        var isShutDown = false
        var runningThreads: Int
        var exitWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private enum Next {
        case run(Job)
        case idle
        case exit
    }

    let configuration: RedisConfiguration
    let logger: Logger
    let gate: RedisReconnectGate

    /// Bumped when a connection breaks; connections opened under an older value are stale.
    let generation = Atomic<UInt64>(0)

    private let state: Mutex<State>

    /// Counts queued jobs (plus one wake-up per thread at shutdown); threads sleep on it.
    private let wakeUps = DispatchSemaphore(value: 0)

    /// Starts `configuration.poolSize` threads; connections are opened on first use.
    init(configuration: RedisConfiguration, logger: Logger, gate: RedisReconnectGate) {
        self.configuration = configuration
        self.logger = logger
        self.gate = gate
        self.state = Mutex(State(runningThreads: configuration.poolSize))

        for index in 0..<configuration.poolSize {
            // The thread keeps the pool alive until `shutdown` lets it end.
            let thread = Thread { [self] in
                runThread()
            }
            thread.name = "facteur-redis-\(index)"
            thread.start()
        }
    }

    /// Runs one command on a pool thread. A task cancelled while its command is still queued
    /// gets `.unavailable` at once; one already sent waits for the reply, which the command
    /// timeout bounds, because hiredis cannot abandon a blocking call halfway.
    func execute(_ command: RedisCommand) async -> Outcome {
        let id = state.withLock { state in
            state.lastJobID += 1
            return state.lastJobID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Outcome, Never>) in
                let rejection: KeyValueStoreError? = state.withLock { state in
                    if state.isShutDown {
                        return shutDownError(command)
                    }
                    // Checked under the lock that `onCancel` takes, so a cancellation is seen
                    // either here or by `onCancel` finding the queued job, never by neither.
                    if Task.isCancelled {
                        return cancelledError(command)
                    }
                    state.pending.append(Job(id: id, command: command, continuation: continuation))
                    return nil
                }
                if let rejection {
                    continuation.resume(returning: .failure(rejection))
                } else {
                    wakeUps.signal()
                }
            }
        } onCancel: {
            let job = state.withLock { state -> Job? in
                guard let index = state.pending.firstIndex(where: { $0.id == id }) else {
                    return nil
                }
                return state.pending.remove(at: index)
            }
            job?.continuation.resume(returning: .failure(cancelledError(command)))
        }
    }

    /// Fails queued commands, lets each thread finish its current command and end, and
    /// returns at once; the connections are closed as their threads end.
    func shutdown() {
        let abandoned = state.withLock { state -> [Job]? in
            guard !state.isShutDown else {
                return nil
            }
            state.isShutDown = true
            defer { state.pending.removeAll() }
            return state.pending
        }
        guard let abandoned else {
            return
        }
        for job in abandoned {
            job.continuation.resume(returning: .failure(shutDownError(job.command)))
        }
        for _ in 0..<configuration.poolSize {
            wakeUps.signal()
        }
    }

    /// Waits until every thread has ended, after `shutdown`.
    func waitUntilStopped() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let hasStopped = state.withLock { state in
                if state.runningThreads > 0 {
                    state.exitWaiters.append(continuation)
                }
                return state.runningThreads == 0
            }
            if hasStopped {
                continuation.resume()
            }
        }
    }

    private func runThread() {
        var connection: RedisConnection?
        threadLoop: while true {
            wakeUps.wait()
            let next = state.withLock { state -> Next in
                if state.isShutDown {
                    return .exit
                }
                return state.pending.isEmpty ? .idle : .run(state.pending.removeFirst())
            }
            switch next {
            case .exit:
                break threadLoop
            case .idle:
                continue
            case .run(let job):
                job.continuation.resume(returning: perform(job.command, on: &connection))
            }
        }

        connection = nil
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.runningThreads -= 1
            guard state.runningThreads == 0 else {
                return []
            }
            defer { state.exitWaiters.removeAll() }
            return state.exitWaiters
        }
        for waiter in waiters {
            waiter.resume()
        }
    }

    private func shutDownError(_ command: RedisCommand) -> KeyValueStoreError {
        KeyValueStoreError(
            code: .unavailable,
            message: "\(command.name) to Redis at \(configuration.serverAddress) not sent: the store is shut down"
        )
    }

    private func cancelledError(_ command: RedisCommand) -> KeyValueStoreError {
        KeyValueStoreError(
            code: .unavailable,
            message: "\(command.name) to Redis at \(configuration.serverAddress) not sent: the task was cancelled"
        )
    }
}
