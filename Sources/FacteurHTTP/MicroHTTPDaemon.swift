#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CMicroHTTPD
import Synchronization

/// Owns one libmicrohttpd daemon and frees it exactly once, in `stop()` or at the latest in
/// `deinit`. It also keeps the listen socket alive until the daemon has stopped, since
/// libmicrohttpd's threads may still hold its descriptor (microhttpd.h, MHD_quiesce_daemon).
final class MicroHTTPDaemon: Sendable {
    private let handle: Mutex<OpaquePointer?>
    private let dispatcher: RequestDispatcher
    private let listenSocket: ListenSocket

    /// Starts an epoll thread pool on `listenSocket`. The dispatcher is the closure of
    /// every callback; the daemon keeps it retained until MHD_stop_daemon has returned.
    init(
        listenSocket: ListenSocket,
        dispatcher: RequestDispatcher,
        configuration: HTTPServer.Configuration
    ) throws(HTTPServerError) {
        self.listenSocket = listenSocket
        self.dispatcher = dispatcher

        // Retained for the callbacks here; released in `stop()` once no callback can run.
        let closure = Unmanaged.passRetained(dispatcher)
        let context = closure.toOpaque()
        var options: [MHD_OptionItem] = [
            facteur_mhd_option_logger(MicroHTTPCallbacks.log, context),
            MHD_OptionItem(option: MHD_OPTION.LISTEN_SOCKET, value: Int(listenSocket.descriptor), ptr_value: nil),
            MHD_OptionItem(
                option: MHD_OPTION.CONNECTION_TIMEOUT,
                value: Int(configuration.connectionTimeoutSeconds),
                ptr_value: nil
            ),
            facteur_mhd_option_uri_log(MicroHTTPCallbacks.requestStarted, context),
            facteur_mhd_option_notify_completed(MicroHTTPCallbacks.requestCompleted, context),
        ]
        if configuration.threadPoolSize > 1 {
            options.append(MHD_OptionItem(
                option: MHD_OPTION.THREAD_POOL_SIZE,
                value: configuration.threadPoolSize,
                ptr_value: nil
            ))
        }
        options.append(MHD_OptionItem(option: MHD_OPTION.END, value: 0, ptr_value: nil))

        // MHD_ALLOW_SUSPEND_RESUME includes MHD_USE_ITC, which MHD_quiesce_daemon needs.
        let flags = UInt32(MHD_USE_EPOLL_INTERNAL_THREAD.rawValue)
            | UInt32(MHD_ALLOW_SUSPEND_RESUME.rawValue)
            | UInt32(MHD_USE_ERROR_LOG.rawValue)
        let started = options.withUnsafeMutableBufferPointer { buffer in
            facteur_mhd_start_daemon(flags, MicroHTTPCallbacks.accessHandler, context, buffer.baseAddress)
        }
        guard let started else {
            let code = errno
            closure.release()
            throw HTTPServerError(
                .daemonFailed,
                address: "\(listenSocket.host):\(listenSocket.port)",
                message: "libmicrohttpd refused to start",
                systemCall: "MHD_start_daemon",
                errno: code
            )
        }
        handle = Mutex(started)
    }

    deinit {
        stop()
    }

    /// Stops accepting: libmicrohttpd takes the listen socket out of its polling, and the
    /// socket is shut down so that new connections are refused rather than queued.
    func quiesce() {
        guard let daemon = handle.withLock({ $0 }) else { return }
        _ = MHD_quiesce_daemon(daemon)
        listenSocket.refuseConnections()
    }

    /// Abandons whatever is still suspended, closes every connection and joins
    /// libmicrohttpd's threads; blocks until they have exited. Safe to call twice.
    func stop() {
        guard let daemon = handle.withLock({ handle -> OpaquePointer? in
            defer { handle = nil }
            return handle
        }) else { return }

        dispatcher.beginStopping()
        _ = MHD_quiesce_daemon(daemon)
        MHD_stop_daemon(daemon)
        // Balances `passRetained` in `init`: no callback runs after MHD_stop_daemon.
        Unmanaged.passUnretained(dispatcher).release()
    }
}
