import CMicroHTTPD
import FacteurLogging
import Synchronization

/// Turns libmicrohttpd's callbacks into routed requests: it receives the body, runs the
/// handler in a task while the connection is suspended, queues the answer, and keeps the
/// bookkeeping graceful shutdown needs.
final class RequestDispatcher: Sendable {
    /// The requests whose connection may be suspended, so that shutdown can resume them.
    private struct Registry {
        var isStopping = false
        var contexts: [ObjectIdentifier: RequestContext] = [:]
    }

    private let router: Router
    private let maxBodyBytes: Int
    private let isKeepAliveEnabled: Bool
    let logger: Logger

    /// Set by shutdown: a request that starts now is answered 503 (SPEC section 6).
    private let isDraining = Atomic(false)

    /// Requests between their request line and libmicrohttpd's completion callback.
    private let inFlight = Atomic(0)

    private let registry = Mutex(Registry())

    init(router: Router, configuration: HTTPServer.Configuration, logger: Logger) {
        self.router = router
        self.maxBodyBytes = configuration.maxBodyBytes
        self.isKeepAliveEnabled = configuration.isKeepAliveEnabled
        self.logger = logger
    }

    /// Requests not yet completed, the ones shutdown waits for.
    var inFlightCount: Int {
        inFlight.load(ordering: .acquiring)
    }

    /// From now on new requests get 503 with `Connection: close`.
    func beginDraining() {
        isDraining.store(true, ordering: .releasing)
    }

    /// Stops every handler from being waited for: suspended connections are resumed to
    /// answer 503, handler tasks are cancelled and their late answers dropped, and no
    /// connection is suspended again. Must precede MHD_stop_daemon, which panics on a
    /// suspended connection. Returns how many requests were given up.
    @discardableResult
    func beginStopping() -> Int {
        let contexts = registry.withLock { registry in
            registry.isStopping = true
            return Array(registry.contexts.values)
        }
        for context in contexts {
            context.abandon()?.cancel()
        }
        return contexts.count
    }

    /// Called for each request line (MHD_OPTION_URI_LOG_CALLBACK).
    func requestStarted(target: String) -> RequestContext {
        inFlight.add(1, ordering: .relaxed)
        return RequestContext(target: target)
    }

    /// Called once per started request (MHD_OPTION_NOTIFY_COMPLETED), whatever its end.
    func requestCompleted(_ context: RequestContext) {
        if context.isRegistered {
            registry.withLock { _ = $0.contexts.removeValue(forKey: ObjectIdentifier(context)) }
        }
        inFlight.subtract(1, ordering: .releasing)
    }

    /// One access-handler callback. A response is never queued from the first callback of
    /// a request that will be kept alive: libmicrohttpd then answers `Connection: close`
    /// (FACTS, HTTP serving), so the first callback only looks at the headers.
    func handle(
        connection: OpaquePointer,
        url: UnsafePointer<CChar>,
        method: UnsafePointer<CChar>,
        upload: UnsafeRawBufferPointer,
        context: RequestContext
    ) -> MHD_Result {
        let exchange = Exchange(connection: connection, url: url, method: method)
        switch context.step(upload: upload, maxBodyBytes: maxBodyBytes) {
        case .firstCall:
            return firstCall(exchange, context: context)
        case .keepReading:
            return MHD_Result.YES
        case .dispatch(let body):
            return dispatch(exchange, body: body, context: context)
        case .rejectTooLarge:
            return queue(tooLarge(), for: exchange, closing: false)
        case .send(let response):
            return queue(response, for: exchange, closing: false)
        case .refuseShuttingDown:
            return queue(shuttingDown(), for: exchange, closing: true)
        }
    }

    /// Answers at once only when the request must not be read: the server is draining, or
    /// the declared body is over the limit. Either way the connection then closes.
    private func firstCall(_ exchange: Exchange, context: RequestContext) -> MHD_Result {
        if isDraining.load(ordering: .acquiring) {
            context.markAnswered()
            return queue(shuttingDown(), for: exchange, closing: true)
        }
        let declared = MHD_lookup_connection_value(exchange.connection, MHD_ValueKind.HEADER_KIND, "Content-Length")
        if let declared,
           let length = Int(String(cString: declared)),
           length > maxBodyBytes {
            context.markAnswered()
            return queue(tooLarge(), for: exchange, closing: true)
        }
        return MHD_Result.YES
    }

    private func dispatch(_ exchange: Exchange, body: [UInt8], context: RequestContext) -> MHD_Result {
        let method = HTTPMethod(rawValue: String(cString: exchange.method))
        let path = String(cString: exchange.url)
        if router.isInstrumented {
            let request = exchange.makeRequest(method: method, path: path, target: context.target, body: body)
            switch router.instrumentedRoute(method, path) {
            case .immediate(let handler):
                return queue(handler(request), for: exchange, closing: false)
            case .async(let handler):
                return run(handler, request, exchange, context: context)
            }
        }
        switch router.resolve(method, path) {
        case .notFound:
            return queue(Router.notFound(method, path), for: exchange, closing: false)
        case .methodNotAllowed(let allowed):
            return queue(Router.methodNotAllowed(method, path, allowed: allowed), for: exchange, closing: false)
        case .route(.immediate(let handler)):
            let request = exchange.makeRequest(method: method, path: path, target: context.target, body: body)
            return queue(handler(request), for: exchange, closing: false)
        case .route(.async(let handler)):
            let request = exchange.makeRequest(method: method, path: path, target: context.target, body: body)
            return run(handler, request, exchange, context: context)
        }
    }

    /// Suspends the connection and runs an async handler in a task that resumes it.
    private func run(
        _ handler: @escaping Router.Handler,
        _ request: HTTPRequest,
        _ exchange: Exchange,
        context: RequestContext
    ) -> MHD_Result {
        guard register(context), context.suspend(exchange.connection) else {
            return queue(shuttingDown(), for: exchange, closing: true)
        }
        let task = Task {
            let response = await handler(request)
            context.complete(with: response)
        }
        context.attach(task)
        return MHD_Result.YES
    }

    /// Adds a request about to be suspended to the registry, unless shutdown has already
    /// taken its snapshot, which would then miss it.
    private func register(_ context: RequestContext) -> Bool {
        let isAccepted = registry.withLock { registry in
            guard !registry.isStopping else { return false }
            registry.contexts[ObjectIdentifier(context)] = context
            return true
        }
        if isAccepted {
            context.markRegistered()
        }
        return isAccepted
    }

    private func queue(_ response: HTTPResponse, for exchange: Exchange, closing: Bool) -> MHD_Result {
        var status = response.status
        var built = makeNativeResponse(response, closing: closing)
        if built == nil {
            logger.error("response could not be built", metadata: [
                "http.request.method": "\(String(cString: exchange.method))",
                "url.path": "\(String(cString: exchange.url))",
                "http.response.status_code": .int(response.status.rawValue),
            ])
            status = .internalServerError
            built = makeNativeResponse(internalError(), closing: closing)
        }
        guard let built else { return MHD_Result.NO }

        let result = MHD_queue_response(exchange.connection, UInt32(status.rawValue), built)
        MHD_destroy_response(built)
        logger.debug("request handled", metadata: [
            "http.request.method": "\(String(cString: exchange.method))",
            "url.path": "\(String(cString: exchange.url))",
            "http.response.status_code": .int(status.rawValue),
        ])
        return result
    }

    /// Copies the response into libmicrohttpd's own object; nil when libmicrohttpd refuses
    /// it, such as a header value with a line break. `Content-Length` is always computed
    /// by libmicrohttpd from the body, so a handler's own is dropped.
    private func makeNativeResponse(_ response: HTTPResponse, closing: Bool) -> OpaquePointer? {
        let created = response.body.withUnsafeBytes { bytes in
            MHD_create_response_from_buffer(
                bytes.count,
                UnsafeMutableRawPointer(mutating: bytes.baseAddress),
                MHD_ResponseMemoryMode.RESPMEM_MUST_COPY
            )
        }
        guard let created else { return nil }

        for field in response.headers where !HTTPHeaders.namesMatch(field.name, "Content-Length") {
            guard MHD_add_response_header(created, field.name, field.value) == MHD_Result.YES else {
                MHD_destroy_response(created)
                return nil
            }
        }
        if closing || !isKeepAliveEnabled {
            _ = MHD_add_response_header(created, "Connection", "close")
        }
        return created
    }

    private func tooLarge() -> HTTPResponse {
        .error(
            .contentTooLarge,
            error: "request body too large",
            details: "the body exceeds \(maxBodyBytes) bytes"
        )
    }

    private func shuttingDown() -> HTTPResponse {
        .error(
            .serviceUnavailable,
            error: "shutting down",
            details: "the server is stopping; retry on a new connection"
        )
    }

    private func internalError() -> HTTPResponse {
        .error(
            .internalServerError,
            error: "internal error",
            details: "the response could not be sent"
        )
    }
}
