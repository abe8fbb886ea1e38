import FacteurContracts
import Foundation

/// The invariants every input must keep: whatever decodes re-encodes to bytes and JSON that
/// decode to the same value, and every error can describe itself.
enum RoundTrip {
    /// Decodes `bytes` in the binary format and checks the round trips of what decoded.
    static func checkBinary<Message: ProtobufMessage>(_ type: Message.Type, _ bytes: [UInt8]) {
        do {
            let message = try Message(serializedBytes: bytes)
            check(message)
        } catch let error as ProtobufDecodingError {
            require(error.description.hasPrefix(Message.protoMessageName), "error lost its message: \(error)")
            require(error.offset >= 0 && error.offset <= bytes.count, "error offset out of input: \(error)")
        } catch {
            failure("binary decoding threw a foreign error: \(error)")
        }
    }

    /// Decodes `bytes` as JSON and checks the round trips of what decoded.
    static func checkJSON<Message: ProtobufMessage>(_ type: Message.Type, _ bytes: [UInt8]) {
        do {
            let message = try Message(jsonUTF8Data: Data(bytes))
            require((try? message.jsonString()) != nil, "JSON input decoded to a value JSON cannot express")
            check(message)
        } catch let error as ProtobufJSONError {
            _ = error.description
        } catch {
            failure("JSON decoding threw a foreign error: \(error)")
        }
    }

    private static func check<Message: ProtobufMessage>(_ message: Message) {
        let encoded = message.serializedBytes()
        guard let decoded = try? Message(serializedBytes: encoded) else {
            failure("re-encoded bytes did not decode: \(encoded)")
        }
        require(decoded == message, "binary round trip changed the message")
        require(decoded.serializedBytes() == encoded, "binary encoding is not stable")

        // A Timestamp outside years 1-9999 has no JSON form; that is the only allowed failure.
        guard let json = try? message.jsonString() else { return }
        guard let fromJSON = try? Message(jsonString: json) else {
            failure("Swift's own JSON did not decode: \(json)")
        }
        require(fromJSON == message, "JSON round trip changed the message: \(json)")
    }

    /// Stops with the message on stderr; `precondition` drops its message in release builds,
    /// which is how the fuzzer is built.
    private static func require(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition {
            failure(message())
        }
    }

    private static func failure(_ message: String) -> Never {
        FileHandle.standardError.write(Data("round-trip invariant broken: \(message)\n".utf8))
        abort()
    }
}
