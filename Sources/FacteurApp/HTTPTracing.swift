import FacteurHTTP
import FacteurTelemetry

/// One HTTP server span per request (SPEC section 7), continuing an incoming
/// `traceparent`, with the route template as `http.route` so spans group by endpoint.
enum HTTPTracing {
    static func install(on router: inout Router, tracer: Tracer) {
        router.instrument({ request, match, next in
            let span = startSpan(for: request, match: match, tracer: tracer)
            let response = await Span.$current.withValue(span) { await next(request) }
            span.setHTTPResponseStatus(response.status.rawValue)
            span.end()
            return response
        }, immediate: { request, match, next in
            let span = startSpan(for: request, match: match, tracer: tracer)
            let response = Span.$current.withValue(span) { next(request) }
            span.setHTTPResponseStatus(response.status.rawValue)
            span.end()
            return response
        })
    }

    private static func startSpan(for request: HTTPRequest, match: Router.RouteMatch, tracer: Tracer) -> Span {
        var headers: [String: String] = [:]
        for name in [TraceContextPropagator.traceparentName, TraceContextPropagator.tracestateName] {
            if let value = request.headers[name] {
                headers[name] = value
            }
        }
        return tracer.startHTTPServerSpan(
            method: request.method.rawValue,
            route: match.template,
            path: request.path,
            headers: headers,
            clientAddress: request.remoteAddress,
            clientPort: request.remotePort
        )
    }
}
