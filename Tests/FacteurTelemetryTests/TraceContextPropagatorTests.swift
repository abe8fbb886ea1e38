import FacteurTelemetry
import Testing

@Suite("W3C Trace Context", .timeLimit(.minutes(1)))
struct TraceContextPropagatorTests {
    static let valid = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

    @Test("A valid traceparent yields its IDs, flags and the tracestate, marked remote")
    func parsesValid() throws {
        let context = try #require(TraceContextPropagator.extract(traceparent: Self.valid, tracestate: "congo=t61"))
        #expect(context.traceID.hexString == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(context.spanID.hexString == "00f067aa0ba902b7")
        #expect(context.isSampled)
        #expect(context.traceState == "congo=t61")
        #expect(context.isRemote)
    }

    @Test("Formatting writes version 00 and lowercase hex, round-tripping the parse")
    func formats() throws {
        let context = try #require(TraceContextPropagator.extract(traceparent: Self.valid))
        #expect(TraceContextPropagator.traceparent(for: context) == Self.valid)
        let unsampled = SpanContext(traceID: context.traceID, spanID: context.spanID, traceFlags: 0)
        #expect(TraceContextPropagator.traceparent(for: unsampled).hasSuffix("-00"))
    }

    @Test("Malformed values are refused so a new trace starts", arguments: [
        "",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00F067AA0BA902B7-01",
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "0g-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
        "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",
        "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x",
    ])
    func refusesInvalid(value: String) {
        #expect(TraceContextPropagator.extract(traceparent: value) == nil)
    }

    @Test("A later version is read by its first four fields, ignoring what follows a dash")
    func futureVersion() throws {
        let value = "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-the-future-brings"
        let context = try #require(TraceContextPropagator.extract(traceparent: value))
        #expect(context.spanID.hexString == "00f067aa0ba902b7")
    }

    @Test("HTTP headers are matched without regard to case and injected in lowercase")
    func httpHeaders() throws {
        let context = try #require(TraceContextPropagator.extract(headers: [
            "TraceParent": Self.valid,
            "TRACESTATE": "a=1",
        ]))
        var outgoing = ["Traceparent": "stale", "accept": "application/json"]
        TraceContextPropagator.inject(context, into: &outgoing)
        #expect(outgoing == ["traceparent": Self.valid, "tracestate": "a=1", "accept": "application/json"])
    }

    @Test("Kafka headers carry the same values as bytes")
    func kafkaHeaders() throws {
        let context = try #require(TraceContextPropagator.extract(traceparent: Self.valid, tracestate: "a=1"))
        var headers: [(String, [UInt8])] = [("traceparent", Array("junk".utf8)), ("key", [1, 2])]
        TraceContextPropagator.inject(context, into: &headers)
        #expect(headers.map(\.0) == ["key", "traceparent", "tracestate"])
        #expect(TraceContextPropagator.extract(kafkaHeaders: headers) == context)
    }
}
