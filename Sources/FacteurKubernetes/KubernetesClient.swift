import FacteurHTTPClient
import FacteurLogging
import Foundation

/// A Kubernetes API client: JSON requests with the resolved credentials, metav1 `Status`
/// errors decoded into `KubernetesError`, and SPEC section 6's retries of 429, 5xx and
/// transport failures with jittered exponential backoff inside one deadline.
public final class KubernetesClient: Sendable {
    /// Where the API is and how facteur authenticates to it.
    public let credentials: KubernetesCredentials

    /// The retry budget and backoff of `send`.
    public let retryPolicy: KubernetesRetryPolicy

    let http: HTTPClient
    let tokens: BearerTokenProvider
    let clock: any KubernetesClock
    let logger: Logger

    /// Creates a client and its connection pool.
    /// - Parameter tokenRefreshInterval: how long a token read from a file is trusted before
    ///   the file is read again; a 401 forces a read sooner.
    public init(
        credentials: KubernetesCredentials,
        retryPolicy: KubernetesRetryPolicy = KubernetesRetryPolicy(),
        clock: any KubernetesClock = SystemKubernetesClock(),
        tokenRefreshInterval: Duration = .seconds(5),
        logger: Logger = .disabled
    ) throws(KubernetesError) {
        self.credentials = credentials
        self.retryPolicy = retryPolicy
        self.clock = clock
        self.logger = logger
        self.tokens = BearerTokenProvider(
            source: credentials.token,
            clock: clock,
            refreshInterval: tokenRefreshInterval
        )
        do {
            // Keep every connection a burst opens: reconnecting to the API server (TLS in a
            // cluster) for each create costs more than the create itself. Bursts beyond 32
            // concurrent calls queue inside libcurl rather than open more connections.
            let configuration = HTTPClientConfiguration(
                tls: credentials.tls,
                connectTimeout: min(retryPolicy.attemptTimeout, .seconds(10)),
                maximumIdleConnections: 64,
                maximumConnectionsPerHost: 32
            )
            self.http = try HTTPClient(configuration: configuration, logger: logger)
        } catch {
            throw KubernetesError(
                code: .transport,
                message: "the HTTP client could not start: \(error.message)",
                method: "",
                path: "",
                underlying: error
            )
        }
    }

    /// Sends a request, retrying what may pass until it succeeds or `budget` (by default the
    /// policy's deadline) is spent; any non-2xx answer that is not retried is thrown.
    public func send(_ request: KubernetesRequest, budget: Duration? = nil) async throws(KubernetesError)
        -> KubernetesResponse
    {
        let deadline = clock.now() + (budget ?? retryPolicy.deadline)
        var attempts = 0
        var hasRefreshedToken = false
        var mayHaveBeenApplied = false

        while true {
            guard !Task.isCancelled else { throw cancelled(request, attempts: attempts) }
            attempts += 1
            let remaining = deadline - clock.now()
            let httpRequest = try makeHTTPRequest(
                request,
                timeout: max(min(retryPolicy.attemptTimeout, remaining), .milliseconds(100))
            )

            let outcome: Result<HTTPClientResponse, HTTPClientError>
            do throws(HTTPClientError) {
                outcome = .success(try await http.execute(httpRequest))
            } catch {
                outcome = .failure(error)
            }

            var failure: KubernetesError
            var delay = retryPolicy.backoff(retry: attempts - 1)
            switch outcome {
            case .success(let response) where response.isSuccess:
                return KubernetesResponse(status: response.status, headers: response.headers, body: response.body)

            case .success(let response):
                failure = statusError(request, status: response.status, headers: response.headers, body: response.body)
                failure.attempts = attempts
                failure.mayHaveBeenApplied = mayHaveBeenApplied
                if response.status == 401, tokens.canRefresh, !hasRefreshedToken {
                    hasRefreshedToken = true
                    tokens.invalidate()
                    logger.debug("Kubernetes answered 401; reading the token file again", metadata: [
                        "url.path": .string(request.path),
                    ])
                    continue
                }
                guard Self.isRetryable(status: response.status) else { throw failure }
                if let retryAfter = failure.retryAfter {
                    delay = .seconds(max(retryAfter, 0))
                }

            case .failure(let error):
                if error.code == .cancelled || Task.isCancelled {
                    throw cancelled(request, attempts: attempts)
                }
                failure = transportError(request, error: error, attempts: attempts)
                guard error.isTransient else { throw failure }
                // A refused connection never carried the request; anything later might have.
                if ![HTTPClientError.Code.connectFailed, .resolveFailed].contains(error.code) {
                    mayHaveBeenApplied = true
                }
                failure.mayHaveBeenApplied = mayHaveBeenApplied
            }

            guard clock.now() + delay < deadline else {
                throw exhausted(failure, budget: budget ?? retryPolicy.deadline)
            }
            logger.warning("retrying Kubernetes request", metadata: [
                "http.request.method": .string(request.method.rawValue),
                "url.path": .string(request.path),
                "http.response.status_code": failure.httpStatus.map { .int($0) } ?? .string("none"),
                "error.type": .string(failure.reason ?? failure.underlying?.code.description ?? "unknown"),
                "facteur.retry.delay_ms": .int(Int(delay.milliseconds)),
                "facteur.retry.attempt": .int(attempts),
            ])
            do {
                try await clock.sleep(for: delay)
            } catch {
                throw cancelled(request, attempts: attempts)
            }
        }
    }

    /// Sends a request and decodes its JSON answer.
    public func send<Value: Decodable>(
        _ request: KubernetesRequest,
        decoding type: Value.Type,
        budget: Duration? = nil
    ) async throws(KubernetesError) -> Value {
        let response = try await send(request, budget: budget)
        return try response.decode(type, method: request.method.rawValue, path: request.path)
    }

    /// Fails requests in flight and closes the connection pool.
    public func shutdown() async {
        await http.shutdown()
    }

    /// Whether an answer with this status may succeed if repeated: 429 and every 5xx.
    static func isRetryable(status: Int) -> Bool {
        status == 429 || (500...599).contains(status)
    }

    func makeHTTPRequest(
        _ request: KubernetesRequest,
        timeout: Duration?
    ) throws(KubernetesError) -> HTTPClientRequest {
        var headers: HTTPHeaders = ["Accept": "application/json"]
        if request.body != nil {
            headers.add(name: "Content-Type", value: "application/json")
        }
        if let token = try tokens.token() {
            headers.add(name: "Authorization", value: "Bearer \(token)")
        }
        if let traceparent = request.traceparent ?? KubernetesTracing.traceparent {
            headers.add(name: "traceparent", value: traceparent)
        }
        return HTTPClientRequest(
            method: request.method,
            url: credentials.server + request.target,
            headers: headers,
            body: request.body,
            timeout: timeout
        )
    }

    /// Builds the error of a non-2xx answer from its `Status` body, or from the bare status
    /// when a proxy answered with something else.
    func statusError(
        _ request: KubernetesRequest,
        status: Int,
        headers: HTTPHeaders,
        body: Data
    ) -> KubernetesError {
        let decoded = KubernetesStatus.decode(body)
        let retryAfter = headers.first(name: "Retry-After").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            ?? decoded?.details?.retryAfterSeconds
        var message = decoded?.message ?? ""
        if message.isEmpty {
            let text = String(decoding: body.prefix(200), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            message = text.isEmpty ? "the API answered HTTP \(status)" : "the API answered HTTP \(status): \(text)"
        }
        return KubernetesError(
            code: Self.isRetryable(status: status) ? .unavailable : .rejected,
            message: message,
            method: request.method.rawValue,
            path: request.path,
            httpStatus: status,
            reason: decoded?.reason,
            status: decoded,
            retryAfter: retryAfter
        )
    }

    func transportError(_ request: KubernetesRequest, error: HTTPClientError, attempts: Int) -> KubernetesError {
        KubernetesError(
            code: error.isTransient ? .unavailable : .transport,
            message: error.message,
            method: request.method.rawValue,
            path: request.path,
            attempts: attempts,
            underlying: error
        )
    }

    func cancelled(_ request: KubernetesRequest, attempts: Int) -> KubernetesError {
        KubernetesError(
            code: .cancelled,
            message: "the request was cancelled",
            method: request.method.rawValue,
            path: request.path,
            attempts: attempts
        )
    }

    private func exhausted(_ failure: KubernetesError, budget: Duration) -> KubernetesError {
        var error = failure
        error.code = .unavailable
        error.message = "gave up after \(failure.attempts) attempts within \(budget): \(failure.message)"
        return error
    }
}

extension Duration {
    /// Whole milliseconds, for logs and `Retry-After` arithmetic.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
