/// Assembles the status and header fields of a response from the lines libcurl hands to
/// CURLOPT_HEADERFUNCTION, skipping interim 1xx responses.
struct ResponseHeadParser {
    /// The final response's status code, or 0 before its status line.
    private(set) var status = 0

    /// The final response's header fields.
    private(set) var headers = HTTPHeaders()

    /// Whether the blank line ending the final response's header block has been seen;
    /// later lines are trailers, which are ignored.
    private(set) var isComplete = false

    /// Takes one header line, CRLF included; returns true when it completes the head.
    mutating func consume(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard !isComplete else { return false }

        var text = String(decoding: bytes, as: UTF8.self)
        while let last = text.last, last == "\r" || last == "\n" || last == "\r\n" {
            text.removeLast()
        }

        if text.hasPrefix("HTTP/") {
            status = Self.statusCode(inStatusLine: text)
            headers = HTTPHeaders()
            return false
        }
        if text.isEmpty {
            guard status >= 200 else {
                status = 0
                headers = HTTPHeaders()
                return false
            }
            isComplete = true
            return true
        }
        if let first = text.first, first == " " || first == "\t" {
            headers.appendToLastValue(Self.trimmed(Substring(text)))
            return false
        }
        guard let colon = text.firstIndex(of: ":") else { return false }
        headers.add(
            name: String(text[..<colon]),
            value: Self.trimmed(text[text.index(after: colon)...])
        )
        return false
    }

    /// Reads the code from `HTTP/1.1 200 OK` or `HTTP/2 200`.
    private static func statusCode(inStatusLine line: String) -> Int {
        let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        guard parts.count >= 2 else { return 0 }
        return Int(parts[1]) ?? 0
    }

    /// Drops the optional whitespace around a field value (RFC 9110 §5.5).
    private static func trimmed(_ text: Substring) -> String {
        var value = text
        while let first = value.first, first == " " || first == "\t" {
            value.removeFirst()
        }
        while let last = value.last, last == " " || last == "\t" {
            value.removeLast()
        }
        return String(value)
    }
}
