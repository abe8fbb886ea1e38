import FacteurTestSupport
import Foundation
import Testing
@testable import FacteurTelemetry

@Suite("OTLP encodings against Google's protobuf", .timeLimit(.minutes(1)))
struct OTLPEncodingTests {
    /// The span the receiver script's `golden` mode builds with the Python classes.
    static func knownSpan() throws -> SpanData {
        SpanData(
            name: "facteur.bridge.dispatch",
            context: SpanContext(
                traceID: try #require(TraceID(hex: "0af7651916cd43dd8448eb211c80319c")),
                spanID: try #require(SpanID(hex: "b7ad6b7169203331")),
                traceState: "vendor=x"
            ),
            parentSpanID: SpanID(hex: "00f067aa0ba902b7"),
            kind: .server,
            startTimeUnixNano: 1_700_000_000_000_000_000,
            endTimeUnixNano: 1_700_000_000_250_000_000,
            attributes: ["s": "deploy", "i": -7, "d": 1.5, "b": true, "tags": .stringArray(["a", "b"])],
            events: [SpanEvent(
                name: "exception",
                timeUnixNano: 1_700_000_000_100_000_000,
                attributes: ["exception.message": "boom"]
            )],
            status: .error(description: "boom"),
            scope: InstrumentationScope(name: "facteur", version: "1.2.3")
        )
    }

    static func knownRequest() throws -> OTLPMessage {
        OTLPEncoding.traces([try knownSpan()], resource: Resource(attributes: ["service.name": "facteur"]))
    }

    @Test("http/protobuf bytes equal Google's deterministic serialisation")
    func protobufMatchesPython() throws {
        let golden = try OTLPReceiverScript.run(["golden"])
        #expect(HexDigits.format(try Self.knownRequest().protobufBytes()) == golden)
    }

    @Test("http/json parses, with hex IDs, into the same message Google builds")
    func jsonMatchesPython() throws {
        let json = try Self.knownRequest().jsonValue().serialized()
        #expect(json.contains(#""traceId":"0af7651916cd43dd8448eb211c80319c""#))
        #expect(json.contains(#""kind":2"#))
        #expect(json.contains(#""startTimeUnixNano":"1700000000000000000""#))
        #expect(json.contains(#""intValue":"-7""#))
        let reencoded = try OTLPReceiverScript.run(["json-to-protobuf"], input: json)
        #expect(reencoded == (try OTLPReceiverScript.run(["golden"])))
    }
}
