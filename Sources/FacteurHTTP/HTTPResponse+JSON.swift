import FacteurLogging
import Foundation

extension HTTPResponse {
    /// A JSON response from an `Encodable` value; a value that cannot be encoded is a
    /// server fault, answered as 500 with the error body rather than a half-built reply.
    public static func json<Value: Encodable>(
        _ value: Value,
        status: HTTPStatus = .ok,
        headers: HTTPHeaders = HTTPHeaders()
    ) -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            let data = try encoder.encode(value)
            return json(bytes: Array(data), status: status, headers: headers)
        } catch {
            return .error(
                .internalServerError,
                error: "internal error",
                details: "the response could not be encoded as JSON"
            )
        }
    }

    /// A JSON response from bytes that are already JSON.
    public static func json(
        bytes: [UInt8],
        status: HTTPStatus = .ok,
        headers: HTTPHeaders = HTTPHeaders()
    ) -> HTTPResponse {
        var headers = headers
        headers.replaceOrAdd(name: "Content-Type", value: "application/json")
        return HTTPResponse(status: status, headers: headers, body: bytes)
    }

    /// The `{"error": "...", "details": "..."}` body every facteur error uses (SPEC section 3).
    /// `error` is a short constant phrase; `details` says what was wrong with this request.
    public static func error(
        _ status: HTTPStatus,
        error: String,
        details: String,
        headers: HTTPHeaders = HTTPHeaders()
    ) -> HTTPResponse {
        let text = "{\"error\":\(JSONText.quoted(error)),\"details\":\(JSONText.quoted(details))}"
        return json(bytes: Array(text.utf8), status: status, headers: headers)
    }
}
