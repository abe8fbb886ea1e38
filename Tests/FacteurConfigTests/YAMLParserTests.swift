import FacteurYAML
import Testing

@Suite("FacteurYAML parses documents into YAMLNode trees")
struct YAMLParserTests {
    @Test("scalars keep their text, style and 1-based position")
    func scalars() throws {
        let text = """
            plain: true
            single: 'true'
            double: "a\\tb"
            empty:
            literal: |
              line one
              line two
            """

        let root = try #require(try YAMLParser().parse(text)?.mapping)

        #expect(root.entries.map(\.key.value) == ["plain", "single", "double", "empty", "literal"])
        #expect(root["plain"]?.scalar == YAMLScalar("true", mark: YAMLMark(line: 1, column: 8)))
        #expect(root["single"]?.scalar?.style == .singleQuoted)
        #expect(root["double"]?.scalar?.value == "a\tb")
        #expect(root["double"]?.scalar?.style == .doubleQuoted)
        #expect(root["empty"]?.scalar?.isNull == true)
        #expect(root["single"]?.scalar?.isNull == false)
        #expect(root["literal"]?.scalar?.value == "line one\nline two")
        #expect(root["literal"]?.scalar?.style == .literal)
        #expect(root.entries[1].key.mark == YAMLMark(line: 2, column: 1))
    }

    @Test("null is recognised only unquoted", arguments: [
        ("k: ~", true), ("k: null", true), ("k: NULL", true), ("k:", true), ("k: !!null ''", true),
        ("k: 'null'", false), ("k: \"\"", false), ("k: nil", false),
    ])
    func nulls(text: String, isNull: Bool) throws {
        let value = try #require(try YAMLParser().parse(text)?.mapping?["k"]?.scalar)
        #expect(value.isNull == isNull)
    }

    @Test("sequences and nested mappings keep document order")
    func collections() throws {
        let text = """
            list: [b, a]
            nested:
              z: 1
              a:
                - x
                - {k: v}
            """

        let root = try #require(try YAMLParser().parse(text)?.mapping)

        #expect(root["list"]?.sequence?.items.compactMap(\.scalar?.value) == ["b", "a"])
        let nested = try #require(root["nested"]?.mapping)
        #expect(nested.entries.map(\.key.value) == ["z", "a"])
        #expect(nested["a"]?.sequence?.items[1].mapping?["k"]?.scalar?.value == "v")
        #expect(nested["a"]?.sequence?.mark == YAMLMark(line: 5, column: 5))
    }

    @Test("an empty stream or a comment-only file has no document", arguments: ["", "# only a comment\n", "\n\n"])
    func emptyDocuments(text: String) throws {
        #expect(try YAMLParser().parse(text) == nil)
    }

    @Test("anchors and aliases resolve to the anchored node")
    func aliases() throws {
        let root = try #require(try YAMLParser().parse("base: &b {x: 1}\ncopy: *b\n")?.mapping)
        #expect(root["copy"]?.mapping?["x"]?.scalar?.value == "1")
    }

    @Test("syntax errors carry libyaml's problem and a 1-based line and column")
    func syntaxError() throws {
        let error = try #require(throws: YAMLError.self) {
            try YAMLParser().parse("a: [1, 2\nb: 3\n")
        }
        #expect(error.code == .syntax)
        #expect(error.problem == "did not find expected ',' or ']'")
        #expect(error.mark?.line == 2)
        #expect(error.context == "while parsing a flow sequence")
        #expect(error.contextMark == YAMLMark(line: 1, column: 4))
    }

    @Test("a tab used for indentation is reported at its line")
    func tabError() throws {
        let error = try #require(throws: YAMLError.self) {
            try YAMLParser().parse("a:\n\tb: 1\n")
        }
        #expect(error.mark?.line == 2)
    }

    @Test("the rules configuration files rely on are enforced", arguments: [
        ("a: 1\na: 2\n", YAMLError.Code.duplicateKey, 2 as Int?),
        ("? [a]\n: 1\n", .complexKey, 1),
        ("a: *missing\n", .undefinedAlias, 1),
        ("a: 1\n---\nb: 2\n", .multipleDocuments, nil),
    ])
    func structuralErrors(text: String, code: YAMLError.Code, line: Int?) throws {
        let error = try #require(throws: YAMLError.self) {
            try YAMLParser().parse(text)
        }
        #expect(error.code == code)
        #expect(error.mark?.line == line)
    }

    @Test("nesting and alias expansion are bounded")
    func limits() throws {
        let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        let tooDeep = try #require(throws: YAMLError.self) { try YAMLParser().parse(deep) }
        #expect(tooDeep.code == .tooLarge)

        var bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...7 {
            let previous = level == 1 ? "a" : "l\(level - 1)"
            let items = Array(repeating: "*\(previous)", count: 10).joined(separator: ", ")
            bomb += "l\(level): &l\(level) [\(items)]\n"
        }
        let tooLarge = try #require(throws: YAMLError.self) { try YAMLParser().parse(bomb) }
        #expect(tooLarge.code == .tooLarge)
    }

    @Test("a control character is reported with a position")
    func readerError() throws {
        let error = try #require(throws: YAMLError.self) {
            try YAMLParser().parse("a: 1\nb: \u{07}\n")
        }
        #expect(error.code == .syntax)
        #expect(error.mark?.line == 2)
    }
}
