import FacteurContracts
import FacteurProtobuf
import Testing

/// The binary encoding rules of https://protobuf.dev/programming-guides/encoding/.
@Suite("Protobuf wire format")
struct WireFormatTests {
    @Test("Varints encode in base 128, least significant group first", arguments: [
        (UInt64(0), "00"),
        (1, "01"),
        (127, "7f"),
        (128, "8001"),
        (300, "ac02"),
        (UInt64(UInt32.max), "ffffffff0f"),
        (1 << 63, "80808080808080808001"),
        (UInt64.max, "ffffffffffffffffff01"),
    ])
    func varints(value: UInt64, hex: String) throws {
        var encoder = ProtobufEncoder()
        encoder.appendVarint(value)
        #expect(encoder.bytes.hex == hex)

        var decoder = ProtobufDecoder(bytes: [UInt8](hex: hex))
        #expect(try decoder.readVarint() == value)
        #expect(decoder.isAtEnd)
    }

    @Test("Negative int32 and int64 values take ten bytes, as Google encodes them", arguments: [
        (ScalarsMessage(int32Value: -1), "08ffffffffffffffffff01"),
        (ScalarsMessage(int32Value: Int32.min), "0880808080f8ffffffff01"),
        (ScalarsMessage(int64Value: Int64.min), "1080808080808080808001"),
        (ScalarsMessage(packedInt32: [-1, 1]), "320bffffffffffffffffff0101"),
    ])
    func negativeIntegers(message: ScalarsMessage, hex: String) throws {
        #expect(message.serializedBytes().hex == hex)
        #expect(try ScalarsMessage(serializedBytes: [UInt8](hex: hex)) == message)
    }

    @Test("32-bit fields keep the low 32 bits of a wider varint, as Google's parsers do")
    func truncatesWideVarints() throws {
        let message = try ScalarsMessage(serializedBytes: [UInt8](hex: "08 8580808010 18 8580808010"))
        #expect(message.int32Value == 5)
        #expect(message.uint32Value == 5)
    }

    @Test("A tenth varint byte's bits past the 64th are dropped, not rejected")
    func dropsBitsPastSixtyFour() throws {
        let message = try ScalarsMessage(serializedBytes: [UInt8](hex: "20 ffffffffffffffffff7f"))
        #expect(message.uint64Value == UInt64.max)
    }

    @Test("Scalars at their default are not written; present optionals are, even at zero")
    func implicitAndExplicitPresence() throws {
        #expect(ScalarsMessage().serializedBytes().isEmpty)
        #expect(ScalarsMessage(optionalInt32: 0).serializedBytes().hex == "3800")
        #expect(CommandResponse(type: 4).serializedBytes().hex == "0804")
        #expect(CommandResponse(type: 4, flags: 0).serializedBytes().hex == "08041000")
        #expect(try CommandResponse(serializedBytes: [UInt8](hex: "0804")).flags == nil)
        #expect(try CommandResponse(serializedBytes: [UInt8](hex: "08041000")).flags == 0)
        #expect(CodexReviewThread(summary: "", url: "").serializedBytes().hex == "1200")
        #expect(try CodexReviewThread(serializedBytes: [UInt8](hex: "1200")).url == "")
    }

    @Test("Repeated scalars are written packed and read packed, unpacked or mixed", arguments: [
        "3203010203",
        "300130023003",
        "3001 3202 0203",
    ])
    func packedAndUnpacked(hex: String) throws {
        let message = try ScalarsMessage(serializedBytes: [UInt8](hex: hex))
        #expect(message.packedInt32.count == 3)
        #expect(message.packedInt32.reduce(0, +) == 6)
        #expect(ScalarsMessage(packedInt32: [1, 2, 3]).serializedBytes().hex == "3203010203")
    }

    @Test("Unknown fields of every wire type are skipped", arguments: [
        "a006 9601",
        "a106 0102030405060708",
        "a206 03616263",
        "a506 01020304",
        "a306 0801 ab06 0d01020304 ac06 a406",
        "a306 a406",
    ])
    func skipsUnknownFields(unknown: String) throws {
        let bytes = [UInt8](hex: "2204706c616e" + unknown + "3001")
        let event = try CommandEvent(serializedBytes: bytes)
        #expect(event.command == "plan")
        #expect(event.version == 1)
        #expect(event.serializedBytes().hex == "2204706c616e3001")
    }

    @Test("Groups nested up to the depth limit are skipped")
    func skipsDeepGroups() throws {
        let depth = ProtobufDecoder.maximumDepth
        let bytes = [UInt8](hex: String(repeating: "cb01", count: depth) + String(repeating: "cc01", count: depth))
        #expect(try CommandEvent(serializedBytes: bytes) == CommandEvent())
    }

    @Test("Map entries with a missing key or value mean the empty string; a later key wins", arguments: [
        ("42030a016b", ["k": ""]),
        ("4203120176", ["": "v"]),
        ("4200", ["": ""]),
        ("42060a016b120161 42060a016b120162", ["k": "b"]),
        ("42061201760a016b", ["k": "v"]),
        ("42090a016b120176a00601", ["k": "v"]),
    ])
    func mapEntries(hex: String, options: [String: String]) throws {
        let event = try CommandEvent(serializedBytes: [UInt8](hex: hex))
        #expect(event.options == options)
    }

    @Test("Map entries are written key then value, sorted by key")
    func mapEncoding() {
        var event = CommandEvent()
        event.options = ["b": "2", "a": ""]
        #expect(event.serializedBytes().hex == "42050a0161120042060a0162120132")
    }

    @Test("A repeated singular field: scalars take the last value, messages merge, lists append")
    func mergeSemantics() throws {
        let bytes = [UInt8](hex: "3001 3002 5a060a0131120161 5a03120162 62060a0178120179 620312017a")
        let event = try CommandEvent(serializedBytes: bytes)
        #expect(event.version == 2)
        #expect(event.user == DiscordUser(id: "1", username: "b"))
        #expect(event.member == DiscordMember(id: "x", roles: ["y", "z"]))

        var merged = CommandEvent()
        merged.command = "plan"
        try merged.merge(serializedBytes: [UInt8](hex: "3003"))
        #expect(merged.command == "plan" && merged.version == 3)
    }

    @Test("Unknown enum numbers are kept and re-encoded unchanged")
    func unknownEnumValues() throws {
        let task = try CodexTask(serializedBytes: [UInt8](hex: "0807"))
        #expect(task.stage == .unrecognized(7))
        #expect(task.serializedBytes().hex == "0807")

        let negative = try CodexTask(serializedBytes: [UInt8](hex: "08ffffffffffffffffff01"))
        #expect(negative.stage.rawValue == -1)
        #expect(negative.serializedBytes().hex == "08ffffffffffffffffff01")
        #expect(CodexTaskStage(rawValue: 2) == .implementation)
    }

    @Test("Timestamps are a nested message of seconds and nanos")
    func timestamps() throws {
        var task = CodexTask()
        task.issuedAt = ProtobufTimestamp(seconds: -1, nanos: 5)
        #expect(task.serializedBytes().hex == "5a0d08ffffffffffffffffff011005")
        #expect(try CodexTask(serializedBytes: task.serializedBytes()) == task)
    }
}

extension ScalarsMessage {
    init(
        int32Value: Int32 = 0,
        int64Value: Int64 = 0,
        packedInt32: [Int32] = [],
        optionalInt32: Int32? = nil
    ) {
        self.init()
        self.int32Value = int32Value
        self.int64Value = int64Value
        self.packedInt32 = packedInt32
        self.optionalInt32 = optionalInt32
    }
}
