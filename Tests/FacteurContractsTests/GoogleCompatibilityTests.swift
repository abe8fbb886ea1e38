import FacteurContracts
import Testing

/// Byte and JSON compatibility with Google's Python `protobuf`, built from the shipped `.proto` files.
@Suite("Compatibility with Google's protobuf")
struct GoogleCompatibilityTests {
    /// One run of the Python script for the whole suite: it compiles the protos, which is slow.
    static let report: Result<GoogleProtobuf.Report, any Error> = Result {
        try GoogleProtobuf.run(ContractSamples.all.map { sample in
            GoogleProtobuf.SwiftMessage(
                name: sample.name,
                type: sample.typeName,
                hex: sample.bytes.hex,
                json: sample.json
            )
        })
    }

    @Test("Google's binary encoding decodes to the expected Swift value", arguments: ContractSamples.all)
    func decodesGoogleBinary(sample: Sample) throws {
        let fixture = try #require(try Self.report.get().fixtures[sample.name])
        #expect(fixture.type == sample.typeName)
        #expect(try sample.decodesBinary([UInt8](hex: fixture.hex)))
    }

    @Test("Swift encodes byte for byte as Google's deterministic serialisation", arguments: ContractSamples.all)
    func encodesLikeGoogle(sample: Sample) throws {
        let fixture = try #require(try Self.report.get().fixtures[sample.name])
        #expect(sample.bytes.hex == fixture.hex)
    }

    @Test("Google's MessageToJson output decodes to the expected Swift value", arguments: ContractSamples.all)
    func decodesGoogleJSON(sample: Sample) throws {
        let fixture = try #require(try Self.report.get().fixtures[sample.name])
        #expect(try sample.decodesJSON(fixture.json))
    }

    @Test("Google reads Swift's binary encoding back to the same message", arguments: ContractSamples.all)
    func googleReadsSwiftBinary(sample: Sample) throws {
        let verdict = try #require(try Self.report.get().swift[sample.name])
        #expect(verdict.reencodedHex == sample.bytes.hex)
        #expect(try sample.decodesJSON(verdict.json))
    }

    @Test("Google's json_format.Parse reads Swift's JSON to the same message", arguments: ContractSamples.all)
    func googleParsesSwiftJSON(sample: Sample) throws {
        let verdict = try #require(try Self.report.get().swift[sample.name])
        #expect(verdict.parsedJSONHex == sample.bytes.hex)
    }
}
