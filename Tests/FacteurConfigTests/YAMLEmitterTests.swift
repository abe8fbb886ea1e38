import FacteurYAML
import Testing

@Suite("FacteurYAML writes YAMLNode trees")
struct YAMLEmitterTests {
    @Test("block mappings and sequences are written with two-space indentation")
    func layout() throws {
        let node = YAMLNode.mapping(YAMLMapping([
            .init(key: YAMLScalar("name"), value: .scalar(YAMLScalar("facteur"))),
            .init(key: YAMLScalar("list"), value: .sequence(YAMLSequence([.scalar(YAMLScalar("a"))]))),
            .init(key: YAMLScalar("empty"), value: .mapping(YAMLMapping())),
        ]))

        #expect(try YAMLEmitter().emit(node) == "name: facteur\nlist:\n- a\nempty: {}\n")
    }

    @Test("strings are quoted when their plain form would read as another type or break the syntax", arguments: [
        "true", "No", "null", "~", "", "42", "-1.5", "0x1F", ".inf", "2024-01-01", "12:30",
        "a: b", "- item", "#hash", "[x]", "{x}", "*star", "&amp", "!bang", "|pipe", ">fold", "'quote", "\"dq",
        " lead", "trail ", "line\nbreak", "tab\there", "bell\u{07}", "café", "%percent", "@at", "`tick",
    ])
    func stringsRoundTrip(text: String) throws {
        let entry = YAMLMapping.Entry(key: YAMLScalar("k"), value: .scalar(YAMLScalar(string: text)))
        let node = YAMLNode.mapping(YAMLMapping([entry]))

        let emitted = try YAMLEmitter().emit(node)
        let parsed = try #require(try YAMLParser().parse(emitted)?.mapping?["k"]?.scalar)

        #expect(parsed.value == text)
        #expect(!parsed.isNull)
    }

    @Test("ordinary strings stay plain", arguments: ["facteur", "10s", "memory://", "discord.commands.incoming"])
    func plainStrings(text: String) throws {
        #expect(YAMLScalar(string: text).style == .plain)
        let node = YAMLNode.sequence(YAMLSequence([.scalar(YAMLScalar(string: text))]))
        #expect(try YAMLEmitter().emit(node) == "- \(text)\n")
    }

    @Test("explicit tags are written")
    func tags() throws {
        let node = YAMLNode.scalar(YAMLScalar("5", tag: "tag:yaml.org,2002:str"))
        let parsed = try #require(try YAMLParser().parse(try YAMLEmitter().emit(node))?.scalar)
        #expect(parsed.tag == "tag:yaml.org,2002:str")
        #expect(parsed.value == "5")
    }
}
