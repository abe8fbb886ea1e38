import CCurl
import Foundation

extension CurlTransfer {
    /// Sets the easy handle's options (curl_easy_setopt(3)); runs before the transfer is
    /// submitted, so nothing else uses the handle yet.
    func configure(
        for request: HTTPClientRequest,
        configuration: HTTPClientConfiguration
    ) throws(HTTPClientError) {
        try check(facteur_curl_easy_setopt_string(handle, CURLOPT_URL, request.url), "URL")
        try check(facteur_curl_easy_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"), "protocols")
        try check(facteur_curl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer), "error buffer")

        // Signals cannot reach the right thread in a multi-threaded process; libcurl needs this
        // to avoid SIGALRM-based resolver timeouts (CURLOPT_NOSIGNAL).
        try check(facteur_curl_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1), "no signal")
        try check(facteur_curl_easy_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1), "TCP keep-alive")
        try check(facteur_curl_easy_setopt_long(handle, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1), "proxy headers")

        try configureMethodAndBody(for: request)
        try configureHeaders(for: request, userAgent: configuration.userAgent)
        try configureTimeouts(for: request, defaultConnectTimeout: configuration.connectTimeout)
        try configureTLS(configuration.tls)
        try configureCallbacks()
    }

    private func configureMethodAndBody(for request: HTTPClientRequest) throws(HTTPClientError) {
        let method = request.method
        guard let body = request.body else {
            switch method {
            case .get:
                try check(facteur_curl_easy_setopt_long(handle, CURLOPT_HTTPGET, 1), "method")
            case .head:
                try check(facteur_curl_easy_setopt_long(handle, CURLOPT_NOBODY, 1), "method")
            case .post:
                try setBody(Data())
            default:
                try check(facteur_curl_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method.rawValue), "method")
            }
            return
        }

        try setBody(body)
        if method != .post {
            try check(facteur_curl_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method.rawValue), "method")
        }
    }

    /// Hands libcurl its own copy of the body (CURLOPT_COPYPOSTFIELDS), so the request's
    /// bytes need not outlive this call; the size must be set first.
    private func setBody(_ body: Data) throws(HTTPClientError) {
        try check(
            facteur_curl_easy_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)),
            "body size"
        )
        let result = body.withUnsafeBytes { bytes in
            facteur_curl_easy_setopt_pointer(
                handle,
                CURLOPT_COPYPOSTFIELDS,
                UnsafeMutableRawPointer(mutating: bytes.baseAddress ?? UnsafeRawPointer(errorBuffer))
            )
        }
        try check(result, "body")
    }

    private func configureHeaders(for request: HTTPClientRequest, userAgent: String?) throws(HTTPClientError) {
        var lines: [String] = []
        for field in request.headers {
            guard Self.isValidFieldName(field.name), Self.isValidFieldValue(field.value) else {
                throw makeError(.invalidRequest, message: "header field \(field.name.debugDescription) is malformed")
            }
            // libcurl sends `Name;` as a field with an empty value; `Name:` would remove it.
            lines.append(field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)")
        }

        // libcurl adds `Expect: 100-continue` to large bodies, costing a round trip or a
        // one-second wait on servers that ignore it; an empty `Expect:` suppresses it.
        if !request.headers.contains(name: "Expect") {
            lines.append("Expect:")
        }
        // CURLOPT_POSTFIELDS implies a form content type unless the request names its own.
        if request.body != nil && !request.headers.contains(name: "Content-Type") {
            lines.append("Content-Type:")
        }

        for line in lines {
            guard let extended = curl_slist_append(headerList, line) else {
                throw makeError(.transport, message: "curl_slist_append failed")
            }
            headerList = extended
        }
        try check(facteur_curl_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList), "headers")

        if let userAgent, !request.headers.contains(name: "User-Agent") {
            try check(facteur_curl_easy_setopt_string(handle, CURLOPT_USERAGENT, userAgent), "user agent")
        }
    }

    private func configureTimeouts(
        for request: HTTPClientRequest,
        defaultConnectTimeout: Duration
    ) throws(HTTPClientError) {
        if let timeout = request.timeout {
            try check(
                facteur_curl_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, Self.milliseconds(timeout)),
                "timeout"
            )
        }
        let connectTimeout = request.connectTimeout ?? defaultConnectTimeout
        try check(
            facteur_curl_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(connectTimeout)),
            "connect timeout"
        )
    }

    private func configureTLS(_ tls: HTTPClientTLSConfiguration) throws(HTTPClientError) {
        if let trustRoots = tls.trustRoots {
            // Only the configured authorities are trusted, so the default directory goes too.
            try check(facteur_curl_easy_setopt_string(handle, CURLOPT_CAPATH, nil), "CA path")
            try setPEM(trustRoots, fileOption: CURLOPT_CAINFO, blobOption: CURLOPT_CAINFO_BLOB, "CA")
        }
        if let certificate = tls.certificate {
            try setPEM(certificate, fileOption: CURLOPT_SSLCERT, blobOption: CURLOPT_SSLCERT_BLOB, "certificate")
        }
        if let privateKey = tls.privateKey {
            try setPEM(privateKey, fileOption: CURLOPT_SSLKEY, blobOption: CURLOPT_SSLKEY_BLOB, "private key")
        }
        if tls.insecureSkipVerify {
            try check(facteur_curl_easy_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 0), "verify peer")
            try check(facteur_curl_easy_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 0), "verify host")
        }
    }

    /// Points libcurl at a PEM file, or gives it a copy of PEM bytes (CURL_BLOB_COPY).
    private func setPEM(
        _ source: HTTPClientTLSConfiguration.PEMSource,
        fileOption: CURLoption,
        blobOption: CURLoption,
        _ what: String
    ) throws(HTTPClientError) {
        switch source {
        case .file(let path):
            try check(facteur_curl_easy_setopt_string(handle, fileOption, path), what)
        case .bytes(let data):
            let result = data.withUnsafeBytes { bytes in
                facteur_curl_easy_setopt_blob(handle, blobOption, bytes.baseAddress, bytes.count)
            }
            try check(result, what)
        }
    }

    /// Installs the C callbacks; their context pointer is set by `CurlMultiLoop.attach`,
    /// which also owns the retain that keeps the transfer alive for them.
    private func configureCallbacks() throws(HTTPClientError) {
        let headerCallback: curl_write_callback = { data, size, count, context in
            guard let context else { return 0 }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
            return transfer.receiveHeader(UnsafeRawBufferPointer(start: data, count: size * count))
        }
        let writeCallback: curl_write_callback = { data, size, count, context in
            guard let context else { return 0 }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
            return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count))
        }
        try check(
            facteur_curl_easy_setopt_write_callback(handle, CURLOPT_HEADERFUNCTION, headerCallback),
            "header callback"
        )
        try check(
            facteur_curl_easy_setopt_write_callback(handle, CURLOPT_WRITEFUNCTION, writeCallback),
            "write callback"
        )
    }

    /// Points the callbacks at `context`; called by the curl thread as it adds the handle.
    func setCallbackContext(_ context: UnsafeMutableRawPointer?) {
        _ = facteur_curl_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, context)
        _ = facteur_curl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
    }

    private func check(_ result: CURLcode, _ what: String) throws(HTTPClientError) {
        guard result == CURLE_OK else {
            let reason = String(cString: curl_easy_strerror(result))
            throw makeError(.invalidRequest, message: "setting \(what) failed: \(reason)", curlCode: result)
        }
    }

    /// libcurl reads 0 as "no limit", so a positive duration never rounds down to it.
    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        let total = seconds.multipliedReportingOverflow(by: 1000)
        guard !total.overflow else { return Int.max }
        return max(1, Int(total.partialValue) + Int(attoseconds / 1_000_000_000_000_000))
    }

    /// A token (RFC 9110 §5.6.2): no separators, controls or spaces.
    private static func isValidFieldName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            byte > 0x20 && byte < 0x7F && !Array("\"(),/:;<=>?@[\\]{}".utf8).contains(byte)
        }
    }

    /// No CR, LF or NUL, which would end the field early and let a value inject others.
    private static func isValidFieldValue(_ value: String) -> Bool {
        !value.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }
    }
}
