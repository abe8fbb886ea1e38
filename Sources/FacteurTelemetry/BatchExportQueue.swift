import Synchronization

/// The bounded queue between instrumented code and an exporter: `enqueue` never waits and
/// drops (counting) when full; one background task exports batches every `scheduledDelay`
/// or as soon as the queue is half full (SPEC section 7: export never blocks a request).
public final class BatchExportQueue<Item: Sendable>: Sendable {
    /// The limits and timing of one queue; the defaults are the OpenTelemetry SDK's
    /// (`OTEL_BSP_MAX_QUEUE_SIZE`, `OTEL_BSP_MAX_EXPORT_BATCH_SIZE`, `OTEL_BSP_SCHEDULE_DELAY`).
    public struct Configuration: Sendable {
        /// Items held at most; one more is dropped and counted.
        public var maximumQueueSize: Int
        /// Items sent in one export request at most.
        public var maximumBatchSize: Int
        /// How long an item waits at most before the worker exports.
        public var scheduledDelay: Duration

        public init(
            maximumQueueSize: Int = 2048,
            maximumBatchSize: Int = 512,
            scheduledDelay: Duration = .seconds(1)
        ) {
            precondition(maximumQueueSize > 0 && maximumBatchSize > 0, "batch queue limits must be positive")
            self.maximumQueueSize = maximumQueueSize
            self.maximumBatchSize = min(maximumBatchSize, maximumQueueSize)
            self.scheduledDelay = scheduledDelay
        }
    }

    /// Why the worker woke: the timer or a full-enough queue, or a flush someone awaits.
    private enum Wake: Sendable {
        case export
        case flush(Completion)
    }

    private struct State {
        var items: [Item] = []
        var isShutDown = false
    }

    /// The shared counters and queue, in a class because the tasks outlive `init`'s scope
    /// and `Mutex` and `Atomic` cannot be copied into them.
    private final class Storage: Sendable {
        let state = Mutex(State())
        let droppedCount = Atomic(0)
        let isWakePending = Atomic(false)
    }

    /// The limits this queue was created with.
    public let configuration: Configuration

    private let storage = Storage()
    private let wakeups: AsyncStream<Wake>.Continuation
    private let worker: Task<Void, Never>
    private let ticker: Task<Void, Never>
    private let clock: any TelemetryClock

    /// Starts the worker and timer tasks; `export` receives batches one at a time and must
    /// handle its own failures.
    public init(
        configuration: Configuration = Configuration(),
        clock: any TelemetryClock = SystemTelemetryClock(),
        export: @escaping @Sendable ([Item]) async -> Void
    ) {
        self.configuration = configuration
        self.clock = clock

        let (stream, continuation) = AsyncStream<Wake>.makeStream()
        self.wakeups = continuation

        let storage = self.storage
        let batchSize = configuration.maximumBatchSize
        worker = Task {
            for await wake in stream {
                storage.isWakePending.store(false, ordering: .sequentiallyConsistent)
                while true {
                    let batch = storage.state.withLock { state in
                        let count = min(batchSize, state.items.count)
                        defer { state.items.removeFirst(count) }
                        return Array(state.items.prefix(count))
                    }
                    guard !batch.isEmpty, !Task.isCancelled else { break }
                    await export(batch)
                }
                if case .flush(let completion) = wake {
                    completion.complete()
                }
            }
        }
        let delay = configuration.scheduledDelay
        ticker = Task {
            while !Task.isCancelled {
                do {
                    try await clock.sleep(for: delay)
                } catch {
                    return
                }
                let exchange = storage.isWakePending.compareExchange(
                    expected: false,
                    desired: true,
                    ordering: .sequentiallyConsistent
                )
                if exchange.exchanged {
                    continuation.yield(.export)
                }
            }
        }
    }

    deinit {
        ticker.cancel()
        worker.cancel()
        wakeups.finish()
    }

    /// Items refused because the queue was full or shut down.
    public var droppedItemCount: Int {
        storage.droppedCount.load(ordering: .relaxed)
    }

    /// Items waiting for export; never more than `maximumQueueSize`.
    public var queuedItemCount: Int {
        storage.state.withLock { $0.items.count }
    }

    /// Adds an item without waiting; returns false, counting a drop, when the queue is full.
    @discardableResult
    public func enqueue(_ item: Item) -> Bool {
        let limit = configuration.maximumQueueSize
        let count: Int? = storage.state.withLock { state in
            guard !state.isShutDown, state.items.count < limit else { return nil }
            state.items.append(item)
            return state.items.count
        }
        guard let count else {
            storage.droppedCount.add(1, ordering: .relaxed)
            return false
        }
        if count >= configuration.maximumQueueSize / 2 {
            wake()
        }
        return true
    }

    /// Exports everything queued now, returning when done or after `timeout`.
    /// Returns whether the flush finished in time.
    @discardableResult
    public func forceFlush(timeout: Duration) async -> Bool {
        let completion = Completion()
        wakeups.yield(.flush(completion))
        return await Completion.run(timeout: timeout, clock: clock) {
            await completion.wait()
        }
    }

    /// Refuses new items, flushes within `timeout`, then stops the tasks, cancelling an
    /// export still running so shutdown never outlasts its deadline.
    @discardableResult
    public func shutdown(timeout: Duration) async -> Bool {
        let wasRunning = storage.state.withLock { state in
            defer { state.isShutDown = true }
            return !state.isShutDown
        }
        guard wasRunning else { return true }

        let isFlushed = await forceFlush(timeout: timeout)
        ticker.cancel()
        worker.cancel()
        wakeups.finish()
        return isFlushed
    }

    private func wake() {
        let exchange = storage.isWakePending.compareExchange(
            expected: false,
            desired: true,
            ordering: .sequentiallyConsistent
        )
        if exchange.exchanged {
            wakeups.yield(.export)
        }
    }
}
