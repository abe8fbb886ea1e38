import CCurl
import CCurlLoader
import FacteurLogging
import Foundation
import Synchronization

/// A curl multi handle and the one thread that drives it, so a client's transfers share a
/// connection pool and no Swift concurrency thread waits on the network.
///
/// `@unchecked Sendable`: `multi` is used only by the loop thread, except for
/// curl_multi_wakeup, which curl_multi_wakeup(3) allows from any thread, and for cleanup in
/// `deinit`, which runs after the thread has let go. `active` is loop-thread only; everything
/// else shared sits behind `shared`'s lock or is atomic.
final class CurlMultiLoop: @unchecked Sendable {
    private enum Command {
        case add(CurlTransfer, CurlTransfer.Consumer)
        case cancel(CurlTransfer)
        case resume(CurlTransfer)
    }

    private struct Shared {
        var commands: [Command] = []
        var isShuttingDown = false
        var hasExited = false
        var exitWaiters: [CheckedContinuation<Void, Never>] = []
    }

    /// The longest the thread sleeps in curl_multi_poll when nothing happens; wakeups and
    /// libcurl's own timers cut it short, so it only bounds a missed wakeup.
    private static let pollIntervalMilliseconds: Int32 = 1000

    /// Transfers added to the multi handle and not yet removed; a test hook for leaks.
    let activeTransferCount = Atomic<Int>(0)

    private let multi: UnsafeMutableRawPointer
    private let logger: Logger
    private let shared = Mutex(Shared())

    /// Loop thread only: each added handle's transfer, with the retain `attach` took.
    private var active: [UnsafeMutableRawPointer: Unmanaged<CurlTransfer>] = [:]

    /// Creates the multi handle and starts its thread.
    init(configuration: HTTPClientConfiguration, logger: Logger) throws(HTTPClientError) {
        let global = CurlGlobal.initialize()
        guard global == CURLE_OK, let multi = curl_multi_init() else {
            let reason = facteur_curl_load_error().map { String(cString: $0) }
                ?? String(cString: curl_easy_strerror(global))
            throw HTTPClientError(
                code: .transport,
                message: "libcurl could not be initialised: \(reason)",
                method: "",
                url: "",
                curlCode: Int(global.rawValue)
            )
        }
        self.multi = multi
        self.logger = logger

        _ = facteur_curl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, configuration.maximumIdleConnections)
        _ = facteur_curl_multi_setopt_long(
            multi,
            CURLMOPT_MAX_HOST_CONNECTIONS,
            configuration.maximumConnectionsPerHost
        )

        let thread = Thread { [self] in
            run()
        }
        thread.name = "facteur-curl"
        thread.start()
    }

    deinit {
        curl_multi_cleanup(multi)
    }

    /// Queues a transfer; returns false, leaving the consumer untouched, once shut down.
    func submit(_ transfer: CurlTransfer, for consumer: CurlTransfer.Consumer) -> Bool {
        let accepted = shared.withLock { shared in
            guard !shared.isShuttingDown else { return false }
            shared.commands.append(.add(transfer, consumer))
            return true
        }
        if accepted {
            curl_multi_wakeup(multi)
        }
        return accepted
    }

    /// Asks for a transfer to be aborted with `.cancelled`; harmless once it has finished.
    func cancel(_ transfer: CurlTransfer) {
        transfer.isCancelRequested.store(true, ordering: .sequentiallyConsistent)
        enqueue(.cancel(transfer))
    }

    /// Asks for a transfer paused by a full stream buffer to continue.
    func resume(_ transfer: CurlTransfer) {
        enqueue(.resume(transfer))
    }

    /// Stops accepting transfers, fails those in flight with `.shutdown`, and lets the
    /// thread end; returns at once.
    func shutdown() {
        shared.withLock { $0.isShuttingDown = true }
        curl_multi_wakeup(multi)
    }

    /// Waits until the thread has ended, after `shutdown`.
    func waitUntilExited() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let hasExited = shared.withLock { shared in
                if !shared.hasExited {
                    shared.exitWaiters.append(continuation)
                }
                return shared.hasExited
            }
            if hasExited {
                continuation.resume()
            }
        }
    }

    private func enqueue(_ command: Command) {
        let queued = shared.withLock { shared in
            guard !shared.hasExited else { return false }
            shared.commands.append(command)
            return true
        }
        if queued {
            curl_multi_wakeup(multi)
        }
    }

    /// The thread's body: apply queued commands, let libcurl work, hand out finished
    /// transfers, then sleep in curl_multi_poll until there is more to do.
    private func run() {
        while true {
            let (commands, isShuttingDown) = shared.withLock { shared in
                defer { shared.commands.removeAll() }
                return (shared.commands, shared.isShuttingDown)
            }
            for command in commands {
                apply(command)
            }
            if isShuttingDown {
                break
            }

            var running: Int32 = 0
            let performResult = curl_multi_perform(multi, &running)
            if performResult != CURLM_OK {
                logger.warning("curl_multi_perform failed", metadata: [
                    "error.type": .string(String(cString: curl_multi_strerror(performResult))),
                ])
            }
            collectFinishedTransfers()
            _ = curl_multi_poll(multi, nil, 0, Self.pollIntervalMilliseconds, nil)
        }

        for context in Array(active.values) {
            let transfer = context.takeUnretainedValue()
            detach(transfer)
            transfer.fail(transfer.makeError(.shutdown, message: "the HTTP client was shut down"))
        }
        let waiters = shared.withLock { shared in
            shared.hasExited = true
            shared.commands.removeAll()
            defer { shared.exitWaiters.removeAll() }
            return shared.exitWaiters
        }
        for waiter in waiters {
            waiter.resume()
        }
    }

    private func apply(_ command: Command) {
        switch command {
        case .add(let transfer, let consumer):
            transfer.begin(for: consumer)
            if transfer.isCancelRequested.load(ordering: .sequentiallyConsistent) {
                transfer.fail(transfer.makeError(.cancelled, message: "the request was cancelled"))
                return
            }
            attach(transfer)
        case .cancel(let transfer):
            guard active[transfer.handle] != nil else { return }
            detach(transfer)
            transfer.fail(transfer.makeError(.cancelled, message: "the request was cancelled"))
            log(transfer, outcome: "cancelled")
        case .resume(let transfer):
            guard active[transfer.handle] != nil else { return }
            // May call the write callback before it returns (curl_easy_pause(3)).
            _ = curl_easy_pause(transfer.handle, facteur_curlpause_cont())
        }
    }

    /// Adds the handle to the multi; the retain taken here is released in `detach`, right
    /// below, once the handle is out of the multi and no callback can fire.
    private func attach(_ transfer: CurlTransfer) {
        let context = Unmanaged.passRetained(transfer)
        transfer.setCallbackContext(context.toOpaque())
        let result = curl_multi_add_handle(multi, transfer.handle)
        guard result == CURLM_OK else {
            transfer.setCallbackContext(nil)
            context.release()
            let reason = String(cString: curl_multi_strerror(result))
            transfer.fail(transfer.makeError(.transport, message: "curl_multi_add_handle failed: \(reason)"))
            return
        }
        active[transfer.handle] = context
        activeTransferCount.add(1, ordering: .relaxed)
    }

    private func detach(_ transfer: CurlTransfer) {
        _ = curl_multi_remove_handle(multi, transfer.handle)
        transfer.setCallbackContext(nil)
        active.removeValue(forKey: transfer.handle)?.release()
        activeTransferCount.subtract(1, ordering: .relaxed)
    }

    private func collectFinishedTransfers() {
        var queued: Int32 = 0
        while let message = curl_multi_info_read(multi, &queued) {
            guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle else {
                continue
            }
            // The message is invalid once its handle leaves the multi (curl_multi_info_read(3)).
            let result = message.pointee.data.result
            guard let transfer = active[handle]?.takeUnretainedValue() else { continue }
            detach(transfer)
            switch transfer.finish(result) {
            case .success(let status):
                log(transfer, status: status)
            case .failure(let error):
                log(transfer, outcome: error.code.description)
            }
        }
    }

    private func log(_ transfer: CurlTransfer, status: Int) {
        logger.debug("HTTP request finished", metadata: [
            "http.request.method": .string(transfer.method),
            "server.address": .string(transfer.serverAddress),
            "http.response.status_code": .int(status),
        ])
    }

    private func log(_ transfer: CurlTransfer, outcome: String) {
        logger.debug("HTTP request failed", metadata: [
            "http.request.method": .string(transfer.method),
            "server.address": .string(transfer.serverAddress),
            "error.type": .string(outcome),
        ])
    }
}
