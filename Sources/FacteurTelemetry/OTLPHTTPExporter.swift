import FacteurHTTPClient
import FacteurLogging
import Foundation
import Synchronization

/// What the OTLP exporter sends requests through; `HTTPClient` in production, a double in
/// tests of retry timing.
public protocol OTLPHTTPTransport: Sendable {
    func send(_ request: HTTPClientRequest) async throws(HTTPClientError) -> HTTPClientResponse
}

extension HTTPClient: OTLPHTTPTransport {
    public func send(_ request: HTTPClientRequest) async throws(HTTPClientError) -> HTTPClientResponse {
        try await execute(request)
    }
}

/// Posts one signal to an OTLP/HTTP endpoint in `http/protobuf` or `http/json`, retrying
/// throttling and unavailability with bounded exponential backoff that honours
/// `Retry-After` (OTLP specification, "OTLP/HTTP Throttling" and "Retryable Response Codes").
public final class OTLPHTTPExporter: Sendable {
    /// How long and how often a rejected export is retried before its data is dropped.
    public struct RetryPolicy: Sendable {
        /// Requests per export at most, the first included.
        public var maximumAttempts: Int
        /// The wait after the first failure, doubled after each further one.
        public var initialBackoff: Duration
        /// The longest wait, `Retry-After` included, so a collector cannot stall export.
        public var maximumBackoff: Duration

        public init(
            maximumAttempts: Int = 5,
            initialBackoff: Duration = .seconds(1),
            maximumBackoff: Duration = .seconds(30)
        ) {
            self.maximumAttempts = max(1, maximumAttempts)
            self.initialBackoff = initialBackoff
            self.maximumBackoff = maximumBackoff
        }
    }

    /// The statuses OTLP/HTTP says to retry.
    static let retryableStatuses: Set<Int> = [429, 502, 503, 504]

    /// Where, how and with which headers exports go.
    public let endpoint: TelemetryConfiguration.Endpoint
    /// Sent with every export request.
    public let resource: Resource
    private let transport: any OTLPHTTPTransport
    private let clock: any TelemetryClock
    private let retryPolicy: RetryPolicy
    private let retries = Atomic(0)
    private let failures = Atomic(0)

    /// Creates an exporter for one signal's endpoint.
    public init(
        endpoint: TelemetryConfiguration.Endpoint,
        resource: Resource,
        transport: any OTLPHTTPTransport,
        clock: any TelemetryClock = SystemTelemetryClock(),
        retryPolicy: RetryPolicy = RetryPolicy()
    ) {
        self.endpoint = endpoint
        self.resource = resource
        self.transport = transport
        self.clock = clock
        self.retryPolicy = retryPolicy
    }

    /// Requests repeated after a retryable answer or connection failure.
    public var retryCount: Int { retries.load(ordering: .relaxed) }

    /// Exports that failed for good, their data dropped.
    public var failedExportCount: Int { failures.load(ordering: .relaxed) }

    /// Sends one export request, retrying as the policy allows.
    func send(_ message: OTLPMessage) async throws(TelemetryError) {
        do {
            try await sendWithRetries(try request(for: message))
        } catch {
            failures.add(1, ordering: .relaxed)
            throw error
        }
    }

    /// The outcome of one request.
    private enum Attempt {
        case delivered
        case retryable(TelemetryError, retryAfter: Duration?)
        case failed(TelemetryError)
    }

    private func sendWithRetries(_ request: HTTPClientRequest) async throws(TelemetryError) {
        var attempt = 0
        while true {
            attempt += 1
            let failure: TelemetryError
            let retryAfter: Duration?
            switch await post(request) {
            case .delivered:
                return
            case .failed(let error):
                throw error
            case .retryable(let error, let delay):
                failure = error
                retryAfter = delay
            }

            guard attempt < retryPolicy.maximumAttempts else { throw failure }
            let delay = min(retryAfter ?? backoff(afterAttempt: attempt), retryPolicy.maximumBackoff)
            retries.add(1, ordering: .relaxed)
            do {
                try await clock.sleep(for: delay)
            } catch {
                throw TelemetryError(code: .cancelled, message: "the export was cancelled while backing off")
            }
        }
    }

    /// Sends once and classifies the answer: 2xx delivered; 429, 502, 503, 504 and
    /// transient connection failures retryable; anything else final.
    private func post(_ request: HTTPClientRequest) async -> Attempt {
        let response: HTTPClientResponse
        do {
            response = try await transport.send(request)
        } catch {
            if error.code == .cancelled || error.code == .shutdown {
                return .failed(TelemetryError(code: .cancelled, message: "the export was cancelled", underlying: error))
            }
            let failure = TelemetryError(code: .transport, message: error.message, underlying: error)
            return error.isTransient ? .retryable(failure, retryAfter: nil) : .failed(failure)
        }
        if response.isSuccess {
            return .delivered
        }
        guard Self.retryableStatuses.contains(response.status) else {
            return .failed(TelemetryError(
                code: .rejected,
                message: "the collector refused the export",
                status: response.status
            ))
        }
        let failure = TelemetryError(
            code: .retriesExhausted,
            message: "the collector stayed unavailable",
            status: response.status
        )
        return .retryable(failure, retryAfter: Self.retryAfter(response.headers.first(name: "Retry-After")))
    }

    /// `initialBackoff` doubled for each earlier attempt, capped at `maximumBackoff`.
    func backoff(afterAttempt attempt: Int) -> Duration {
        var delay = retryPolicy.initialBackoff
        for _ in 1..<attempt where delay < retryPolicy.maximumBackoff {
            delay *= 2
        }
        return min(delay, retryPolicy.maximumBackoff)
    }

    /// `Retry-After` as delay-seconds (RFC 9110 section 10.2.3); an HTTP-date falls back to
    /// the backoff schedule.
    static func retryAfter(_ value: String?) -> Duration? {
        guard let value, let seconds = Int(value.trimmingCharacters(in: .whitespaces)), seconds >= 0 else {
            return nil
        }
        return .seconds(seconds)
    }

    private func request(for message: OTLPMessage) throws(TelemetryError) -> HTTPClientRequest {
        let body: Data
        switch endpoint.encoding {
        case .httpProtobuf:
            body = Data(message.protobufBytes())
        case .httpJSON:
            body = Data(message.jsonValue().serialized().utf8)
        }
        var headers = HTTPHeaders()
        for (name, value) in endpoint.headers {
            headers.add(name: name, value: value)
        }
        headers.replaceOrAdd(name: "Content-Type", value: endpoint.encoding.contentType)
        return HTTPClientRequest(
            method: .post,
            url: endpoint.url,
            headers: headers,
            body: body,
            timeout: endpoint.timeout
        )
    }
}

extension OTLPHTTPExporter: SpanExporter {
    public func export(_ spans: [SpanData]) async throws(TelemetryError) {
        try await send(OTLPEncoding.traces(spans, resource: resource))
    }
}

extension OTLPHTTPExporter: MetricExporter {
    public func export(_ metrics: [MetricData]) async throws(TelemetryError) {
        try await send(OTLPEncoding.metrics(metrics, resource: resource))
    }
}

extension OTLPHTTPExporter: LogRecordExporter {
    public func export(_ records: [LogRecordData]) async throws(TelemetryError) {
        try await send(OTLPEncoding.logs(records, resource: resource))
    }
}
