import FacteurHTTP
import FacteurProtobuf
import Foundation

/// Decodes `/events` and `/codex/tasks` bodies in either encoding the SPEC allows
/// (section 3): binary protobuf — also when the content type is absent or
/// `application/octet-stream`, as a KafkaSource sends it — or protobuf's JSON mapping.
enum EventBody {
    enum Encoding {
        case binary
        case json
    }

    /// Binary unless the content type says JSON. A type the SPEC does not name (curl's
    /// form default, say) is sniffed: a body opening with `{` is read as JSON.
    static func encoding(of request: HTTPRequest) -> Encoding {
        let raw = request.headers["Content-Type"] ?? ""
        let mediaType = raw.split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        } ?? ""
        switch mediaType {
        case "", "application/x-protobuf", "application/protobuf", "application/octet-stream",
             "application/vnd.google.protobuf":
            return .binary
        case "application/json", "text/json":
            return .json
        default:
            if mediaType.hasSuffix("+json") { return .json }
            let firstByte = request.body.first { !$0.isASCIIWhitespace }
            return firstByte == UInt8(ascii: "{") ? .json : .binary
        }
    }

    static func decode<Message: ProtobufMessage>(_ type: Message.Type, from request: HTTPRequest) throws -> Message {
        switch encoding(of: request) {
        case .binary:
            return try Message(serializedBytes: request.body)
        case .json:
            return try Message(jsonUTF8Data: Data(request.body))
        }
    }

    /// The answer to a body that could not be decoded; never retried by a KafkaSource.
    static func failureResponse(for error: any Error, route: String) -> HTTPResponse {
        .error(.badRequest, error: "malformed body", details: "\(route): \(error)")
    }
}

extension UInt8 {
    var isASCIIWhitespace: Bool {
        [UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t")].contains(self)
    }
}
