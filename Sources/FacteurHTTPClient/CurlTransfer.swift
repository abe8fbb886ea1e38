import CCurl
import Foundation
import Synchronization

/// One request's libcurl easy handle, with the memory its options point into and the state
/// its callbacks fill in; freeing the transfer frees them all.
///
/// `@unchecked Sendable`: the handle and the response state are used by the creating task
/// only until `CurlMultiLoop.submit`, whose lock orders that before the curl thread's first
/// use, and afterwards only by the curl thread. `isCancelRequested` is atomic.
final class CurlTransfer: @unchecked Sendable {
    /// Who is waiting for the outcome, and how it wants it.
    enum Consumer {
        /// `execute`: the whole response at once.
        case buffered(CheckedContinuation<Result<HTTPClientResponse, HTTPClientError>, Never>)
        /// `stream`: the head as soon as it arrives, then body chunks through the buffer.
        case streaming(CheckedContinuation<Result<ResponseHead, HTTPClientError>, Never>, ResponseBodyBuffer)
        /// `stream` after the head was handed over: only the body remains.
        case streamingBody(ResponseBodyBuffer)
    }

    /// The status and header fields of a streamed response, delivered before its body.
    struct ResponseHead: Sendable {
        var status: Int
        var headers: HTTPHeaders
    }

    /// The easy handle; owned here and cleaned up in `deinit`.
    let handle: UnsafeMutableRawPointer

    /// The request method, for errors and logs.
    let method: String

    /// The request URL without secrets, for errors and logs.
    let displayURL: String

    /// The host, for logs.
    let serverAddress: String

    /// Set by any thread that wants the transfer aborted; the curl thread checks it when the
    /// transfer is added, covering a cancellation that overtakes the submission.
    let isCancelRequested = Atomic<Bool>(false)

    /// CURLOPT_ERRORBUFFER: libcurl writes its detailed error text here.
    let errorBuffer: UnsafeMutablePointer<CChar>

    /// The request's header list (CURLOPT_HTTPHEADER), which must outlive the transfer.
    var headerList: UnsafeMutablePointer<curl_slist>?

    private let maximumBodySize: Int
    private var consumer: Consumer?
    private var headParser = ResponseHeadParser()
    private var body = Data()
    private var hasExceededBodyLimit = false

    private init(handle: UnsafeMutableRawPointer, request: HTTPClientRequest, maximumBodySize: Int) {
        self.handle = handle
        self.method = request.method.rawValue
        self.displayURL = request.displayURL
        self.serverAddress = request.serverAddress
        self.maximumBodySize = maximumBodySize
        self.errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        self.errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        curl_easy_cleanup(handle)
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    /// Creates the easy handle and sets every option the request and configuration call for.
    static func make(
        request: HTTPClientRequest,
        configuration: HTTPClientConfiguration
    ) throws(HTTPClientError) -> CurlTransfer {
        let global = CurlGlobal.initialize()
        guard global == CURLE_OK else {
            throw HTTPClientError(
                code: .transport,
                message: "curl_global_init failed: \(String(cString: curl_easy_strerror(global)))",
                method: request.method.rawValue,
                url: request.displayURL,
                curlCode: Int(global.rawValue)
            )
        }
        guard let handle = curl_easy_init() else {
            throw HTTPClientError(
                code: .transport,
                message: "curl_easy_init returned no handle",
                method: request.method.rawValue,
                url: request.displayURL
            )
        }
        let transfer = CurlTransfer(
            handle: handle,
            request: request,
            maximumBodySize: configuration.maximumResponseBodySize
        )
        try transfer.configure(for: request, configuration: configuration)
        return transfer
    }

    /// Builds an error about this request.
    func makeError(
        _ code: HTTPClientError.Code,
        message: String,
        curlCode: CURLcode? = nil,
        file: String = #fileID,
        line: Int = #line
    ) -> HTTPClientError {
        HTTPClientError(
            code: code,
            message: message,
            method: method,
            url: displayURL,
            curlCode: curlCode.map { Int($0.rawValue) },
            file: file,
            line: line
        )
    }
}

// MARK: - Work done on the curl thread

extension CurlTransfer {
    /// Records who waits for the outcome; called on the curl thread before the handle is added.
    func begin(for consumer: Consumer) {
        self.consumer = consumer
    }

    /// CURLOPT_HEADERFUNCTION: one header line at a time, status line and blank line included.
    func receiveHeader(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard headParser.consume(bytes) else { return bytes.count }

        if case .streaming(let headWaiter, let buffer) = consumer {
            let head = ResponseHead(status: headParser.status, headers: headParser.headers)
            consumer = .streamingBody(buffer)
            headWaiter.resume(returning: .success(head))
        }
        return bytes.count
    }

    /// CURLOPT_WRITEFUNCTION: body bytes, collected or passed to the stream's reader.
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        switch consumer {
        case .buffered:
            guard body.count + bytes.count <= maximumBodySize else {
                hasExceededBodyLimit = true
                return 0
            }
            body.append(contentsOf: bytes)
            return bytes.count
        case .streaming, .streamingBody:
            guard let buffer = consumer?.bodyBuffer else { return 0 }
            return buffer.offer(bytes) ? bytes.count : Int(CURL_WRITEFUNC_PAUSE)
        case nil:
            return 0
        }
    }

    /// Delivers the outcome libcurl reported (CURLMSG_DONE); returns the status code or the
    /// error, for the log line.
    func finish(_ result: CURLcode) -> Result<Int, HTTPClientError> {
        guard result == CURLE_OK else {
            let error = makeError(for: result)
            fail(error)
            return .failure(error)
        }

        var status = headParser.status
        if status == 0 {
            var code = 0
            _ = facteur_curl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
            status = code
        }
        switch consumer {
        case .buffered(let waiter):
            let response = HTTPClientResponse(status: status, headers: headParser.headers, body: body)
            waiter.resume(returning: .success(response))
        case .streaming(let headWaiter, let buffer):
            headWaiter.resume(returning: .success(ResponseHead(status: status, headers: headParser.headers)))
            buffer.finish(nil)
        case .streamingBody(let buffer):
            buffer.finish(nil)
        case nil:
            break
        }
        consumer = nil
        body = Data()
        return .success(status)
    }

    /// Delivers a failure the client decided on (cancellation, shutdown) or libcurl reported.
    func fail(_ error: HTTPClientError) {
        let discardsBuffered = error.code == .cancelled || error.code == .shutdown
        switch consumer {
        case .buffered(let waiter):
            waiter.resume(returning: .failure(error))
        case .streaming(let headWaiter, let buffer):
            headWaiter.resume(returning: .failure(error))
            buffer.finish(error, discardingBuffered: discardsBuffered)
        case .streamingBody(let buffer):
            buffer.finish(error, discardingBuffered: discardsBuffered)
        case nil:
            break
        }
        consumer = nil
        body = Data()
    }

    /// Maps a libcurl failure to the client's codes (libcurl-errors(3)).
    private func makeError(for result: CURLcode) -> HTTPClientError {
        let detail = String(cString: errorBuffer)
        let message = detail.isEmpty ? String(cString: curl_easy_strerror(result)) : detail
        if result == CURLE_WRITE_ERROR && hasExceededBodyLimit {
            return makeError(
                .responseTooLarge,
                message: "response body exceeds \(maximumBodySize) bytes",
                curlCode: result
            )
        }
        return makeError(Self.code(for: result), message: message, curlCode: result)
    }

    private static func code(for result: CURLcode) -> HTTPClientError.Code {
        switch result {
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT, CURLE_BAD_FUNCTION_ARGUMENT:
            .invalidRequest
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            .resolveFailed
        case CURLE_COULDNT_CONNECT:
            .connectFailed
        case CURLE_OPERATION_TIMEDOUT:
            .timedOut
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
            CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND,
            CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_CRL_BADFILE,
            CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS,
            CURLE_SSL_CLIENTCERT, CURLE_USE_SSL_FAILED:
            .tlsFailed
        case CURLE_PARTIAL_FILE, CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR,
            CURLE_HTTP2, CURLE_HTTP2_STREAM:
            .connectionClosed
        case CURLE_ABORTED_BY_CALLBACK:
            .cancelled
        default:
            .transport
        }
    }
}

extension CurlTransfer.Consumer {
    /// The stream's buffer, once the head has been handed over or before.
    var bodyBuffer: ResponseBodyBuffer? {
        switch self {
        case .buffered: nil
        case .streaming(_, let buffer): buffer
        case .streamingBody(let buffer): buffer
        }
    }
}
