/// HTTP spans with OpenTelemetry's HTTP semantic-convention attributes, from plain values so
/// this module needs neither HTTP stack (SPEC section 7: one server span per request).
extension Tracer {
    /// Starts the server span of one request, continuing the caller's trace when its
    /// `traceparent` is valid. Named `METHOD route`, or just `METHOD` when no route matched,
    /// as the conventions ask, to keep span names low-cardinality.
    public func startHTTPServerSpan(
        method: String,
        route: String?,
        path: String,
        headers: [String: String],
        clientAddress: String? = nil,
        clientPort: Int? = nil,
        scheme: String = "http"
    ) -> Span {
        var attributes: Attributes = [
            "http.request.method": .string(method),
            "url.path": .string(path),
            "url.scheme": .string(scheme),
        ]
        if let route {
            attributes["http.route"] = .string(route)
        }
        if let clientAddress {
            attributes["client.address"] = .string(clientAddress)
        }
        if let clientPort {
            attributes["client.port"] = .int(clientPort)
        }
        for (name, value) in headers where name.lowercased() == "user-agent" {
            attributes["user_agent.original"] = .string(value)
        }
        return startSpan(
            route.map { "\(method) \($0)" } ?? method,
            kind: .server,
            attributes: attributes,
            parent: TraceContextPropagator.extract(headers: headers)
        )
    }
}

extension Span {
    /// Records the response status; a 5xx marks a server span failed, a 4xx does not, since
    /// the server behaved correctly (HTTP semantic conventions, "Status").
    public func setHTTPResponseStatus(_ status: Int) {
        setAttribute("http.response.status_code", .int(status))
        let isFailure = kind == .server ? status >= 500 : status >= 400
        if isFailure {
            setAttribute("error.type", .string(String(status)))
            setStatus(.error(description: "HTTP \(status)"))
        }
    }
}
