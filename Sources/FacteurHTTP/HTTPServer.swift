import Dispatch
import Foundation
import FacteurLogging

/// The HTTP service on libmicrohttpd: it listens, routes each request to an async handler
/// off libmicrohttpd's threads, and drains gracefully (SPEC sections 3 and 6).
public actor HTTPServer {
    private enum State {
        case idle
        case running(MicroHTTPDaemon, RequestDispatcher, port: Int)
        case draining(port: Int)
        case stopped
    }

    private let configuration: Configuration
    private let router: Router
    private let logger: Logger
    private var state = State.idle

    public init(configuration: Configuration, router: Router, logger: Logger = .disabled) {
        self.configuration = configuration
        self.router = router
        self.logger = logger
    }

    /// The bound port while the server listens or drains; with port 0 this is the one
    /// the kernel chose.
    public var port: Int? {
        switch state {
        case .running(_, _, let port), .draining(let port): port
        case .idle, .stopped: nil
        }
    }

    /// Requests received but not yet completed; zero when idle or stopped.
    var activeRequestCount: Int {
        guard case .running(_, let dispatcher, _) = state else { return 0 }
        return dispatcher.inFlightCount
    }

    /// Binds and starts serving; returns the bound port. A server starts once.
    @discardableResult
    public func start() throws(HTTPServerError) -> Int {
        guard case .idle = state else {
            throw HTTPServerError(
                .invalidState,
                address: configuration.displayAddress,
                message: "the server was already started"
            )
        }

        let socket = try ListenSocket.open(
            host: configuration.host,
            port: configuration.port,
            backlog: configuration.listenBacklog,
            displayAddress: configuration.displayAddress
        )
        let dispatcher = RequestDispatcher(router: router, configuration: configuration, logger: logger)
        let daemon = try MicroHTTPDaemon(listenSocket: socket, dispatcher: dispatcher, configuration: configuration)
        state = .running(daemon, dispatcher, port: socket.port)

        logger.info("listening", metadata: [
            "server.address": "\(socket.host)",
            "server.port": .int(socket.port),
            "facteur.http.threads": .int(max(1, configuration.threadPoolSize)),
        ])
        return socket.port
    }

    /// Drains and stops (SPEC section 6): new connections are refused at once; requests
    /// arriving on open connections get 503 with `Connection: close`; handlers already
    /// running get up to `timeout` to finish and their responses are sent; then whatever
    /// remains is answered 503 or dropped, and the daemon stops. Not cancellable: the
    /// drain is bounded by `timeout` instead. A second call, or one before `start()`,
    /// returns at once.
    public func shutdown(timeout: Duration) async {
        guard case .running(let daemon, let dispatcher, let port) = state else {
            if case .idle = state { state = .stopped }
            return
        }
        state = .draining(port: port)
        let deadline = ContinuousClock.now + timeout

        dispatcher.beginDraining()
        daemon.quiesce()
        logger.info("draining", metadata: [
            "http.server.active_requests": .int(dispatcher.inFlightCount),
            "facteur.shutdown.timeout": "\(timeout)",
        ])

        await Self.waitUntil(deadline) { dispatcher.inFlightCount == 0 }
        if dispatcher.inFlightCount > 0 {
            let abandoned = dispatcher.beginStopping()
            logger.warning("shutdown timeout elapsed; abandoning requests", metadata: [
                "http.server.active_requests": .int(abandoned),
            ])
            // A short grace so that the 503s of resumed connections reach their clients.
            await Self.waitUntil(ContinuousClock.now + .milliseconds(200)) { dispatcher.inFlightCount == 0 }
        }

        await Self.stopOffCooperativePool(daemon)
        state = .stopped
        logger.info("stopped")
    }

    /// Polls `condition` every few milliseconds until it holds or `deadline` passes. The
    /// pause ignores task cancellation so that a cancelled caller cannot spin.
    private static func waitUntil(
        _ deadline: ContinuousClock.Instant,
        _ condition: @Sendable () -> Bool
    ) async {
        while !condition(), ContinuousClock.now < deadline {
            await withCheckedContinuation { continuation in
                DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(5)) {
                    continuation.resume()
                }
            }
        }
    }

    /// MHD_stop_daemon joins libmicrohttpd's threads and blocks, so it runs on a thread of
    /// its own: on Linux the cooperative pool shares Dispatch's global threads, and
    /// blocking one there could hold up the very handlers being drained.
    private static func stopOffCooperativePool(_ daemon: MicroHTTPDaemon) async {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                daemon.stop()
                continuation.resume()
            }
            thread.name = "facteur-http-stop"
            thread.start()
        }
    }
}
