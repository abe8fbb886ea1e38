/// The route table: exact paths, one handler per method. Unknown paths and wrong methods
/// are answered here, so every handler can assume its path and method.
public struct Router: Sendable {
    /// A request handler. It runs as a Swift task, never on a libmicrohttpd thread, so it
    /// may await anything; it must always return, and trapping in it is a programmer error.
    public typealias Handler = @Sendable (HTTPRequest) async -> HTTPResponse

    /// A handler for cheap, constant answers such as health checks. It runs inline on a
    /// libmicrohttpd thread, skipping the suspend, task and resume an async handler costs,
    /// so it must not block, wait or do I/O.
    public typealias ImmediateHandler = @Sendable (HTTPRequest) -> HTTPResponse

    /// What the table matched for a request, for instrumentation such as the HTTP server
    /// span's `http.route` (OpenTelemetry HTTP semantic conventions).
    public struct RouteMatch: Sendable, Equatable {
        /// The registered path, or nil when no route has this path (a 404).
        public var template: String?

        public init(template: String?) {
            self.template = template
        }
    }

    /// Wraps every request that reaches an async handler; it must call `next` once and
    /// return its response, possibly annotated.
    public typealias Middleware = @Sendable (HTTPRequest, RouteMatch, _ next: Handler) async -> HTTPResponse

    /// Wraps every request answered inline: immediate routes, 404 and 405. It runs on a
    /// libmicrohttpd thread, so it must not block.
    public typealias ImmediateMiddleware = @Sendable (
        HTTPRequest,
        RouteMatch,
        _ next: ImmediateHandler
    ) -> HTTPResponse

    /// How a route answers.
    enum Route {
        case async(Handler)
        case immediate(ImmediateHandler)
    }

    /// What the table says about one method and path.
    enum Resolution {
        case route(Route)
        case methodNotAllowed(allowed: [HTTPMethod])
        case notFound
    }

    private var routes: [String: [HTTPMethod: Route]]
    private var middleware: Middleware?
    private var immediateMiddleware: ImmediateMiddleware?

    public init() {
        routes = [:]
    }

    /// Installs the instrumentation hooks, one for async routes and one for everything
    /// answered inline, so that every request, unknown paths included, passes through one
    /// of them exactly once. Without hooks requests take the direct path.
    public mutating func instrument(_ middleware: @escaping Middleware, immediate: @escaping ImmediateMiddleware) {
        self.middleware = middleware
        self.immediateMiddleware = immediate
    }

    /// Whether `instrument` installed hooks.
    var isInstrumented: Bool { middleware != nil }

    /// Registers `handler` for `method` on exactly `path`; registering the same pair twice
    /// is a wiring mistake and traps.
    public mutating func add(_ method: HTTPMethod, _ path: String, handler: @escaping Handler) {
        insert(.async(handler), method, path)
    }

    /// Registers an inline handler for `method` on exactly `path`; see `ImmediateHandler`.
    public mutating func addImmediate(
        _ method: HTTPMethod,
        _ path: String,
        handler: @escaping ImmediateHandler
    ) {
        insert(.immediate(handler), method, path)
    }

    /// Registers `handler` for GET on `path`.
    public mutating func get(_ path: String, handler: @escaping Handler) {
        add(.get, path, handler: handler)
    }

    /// Registers `handler` for POST on `path`.
    public mutating func post(_ path: String, handler: @escaping Handler) {
        add(.post, path, handler: handler)
    }

    /// Answers a request the way the server would, without a network; for handler tests.
    public func respond(to request: HTTPRequest) async -> HTTPResponse {
        switch instrumentedRoute(request.method, request.path) {
        case .async(let handler):
            return await handler(request)
        case .immediate(let handler):
            return handler(request)
        }
    }

    /// The route that answers a method and path with the hooks applied: 404 and 405 become
    /// inline routes, so instrumentation sees them too.
    func instrumentedRoute(_ method: HTTPMethod, _ path: String) -> Route {
        let match: RouteMatch
        let route: Route
        switch resolve(method, path) {
        case .route(let found):
            match = RouteMatch(template: path)
            route = found
        case .methodNotAllowed(let allowed):
            match = RouteMatch(template: path)
            route = .immediate { _ in Self.methodNotAllowed(method, path, allowed: allowed) }
        case .notFound:
            match = RouteMatch(template: nil)
            route = .immediate { _ in Self.notFound(method, path) }
        }
        switch route {
        case .async(let handler):
            guard let middleware else { return route }
            return .async { request in await middleware(request, match, handler) }
        case .immediate(let handler):
            guard let immediateMiddleware else { return route }
            return .immediate { request in immediateMiddleware(request, match, handler) }
        }
    }

    /// HEAD falls back to the GET handler; libmicrohttpd then sends the headers without the
    /// body, which is what RFC 9110 section 9.3.2 asks of a HEAD answer.
    func resolve(_ method: HTTPMethod, _ path: String) -> Resolution {
        guard let byMethod = routes[path] else { return .notFound }
        if let route = byMethod[method] {
            return .route(route)
        }
        if method == .head, let route = byMethod[.get] {
            return .route(route)
        }
        var allowed = Array(byMethod.keys)
        if byMethod[.get] != nil, byMethod[.head] == nil {
            allowed.append(.head)
        }
        return .methodNotAllowed(allowed: allowed.sorted { $0.rawValue < $1.rawValue })
    }

    private mutating func insert(_ route: Route, _ method: HTTPMethod, _ path: String) {
        precondition(path.hasPrefix("/"), "route path \"\(path)\" does not start with /")
        precondition(routes[path]?[method] == nil, "route \(method) \(path) is registered twice")
        routes[path, default: [:]][method] = route
    }

    static func notFound(_ method: HTTPMethod, _ path: String) -> HTTPResponse {
        .error(.notFound, error: "not found", details: "no route for \(method) \(path)")
    }

    /// 405 carries `Allow` (RFC 9110 section 15.5.6).
    static func methodNotAllowed(_ method: HTTPMethod, _ path: String, allowed: [HTTPMethod]) -> HTTPResponse {
        let list = allowed.map(\.rawValue).joined(separator: ", ")
        return .error(
            .methodNotAllowed,
            error: "method not allowed",
            details: "\(path) accepts \(list), not \(method)",
            headers: ["Allow": list]
        )
    }
}
