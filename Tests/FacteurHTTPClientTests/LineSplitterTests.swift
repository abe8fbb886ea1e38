import Foundation
import Testing

@testable import FacteurHTTPClient

@Suite("LineSplitter")
struct LineSplitterTests {
    private func text(_ data: Data?) -> String? {
        data.map { String(decoding: $0, as: UTF8.self) }
    }

    @Test("Lines split across chunks are joined, and CRLF loses its CR")
    func joinsChunks() {
        var splitter = LineSplitter()
        splitter.append(Data("{\"a\":".utf8))
        #expect(splitter.nextLine() == nil)
        splitter.append(Data("1}\r\n{\"b\"".utf8))

        #expect(text(splitter.nextLine()) == "{\"a\":1}")
        #expect(splitter.nextLine() == nil)
        #expect(splitter.pendingCount == 4)
    }

    @Test("Many lines in one chunk come out one at a time, empty ones included")
    func manyLinesInOneChunk() {
        var splitter = LineSplitter()
        splitter.append(Data("one\ntwo\n\nthree\n".utf8))

        var lines: [String] = []
        while let line = splitter.nextLine() {
            lines.append(String(decoding: line, as: UTF8.self))
        }
        #expect(lines == ["one", "two", "", "three"])
        #expect(splitter.finish() == nil)
    }

    @Test("A last line without a newline is returned at the end")
    func finalLine() {
        var splitter = LineSplitter()
        splitter.append(Data("done\nlast".utf8))

        #expect(text(splitter.nextLine()) == "done")
        #expect(splitter.nextLine() == nil)
        #expect(text(splitter.finish()) == "last")
        #expect(splitter.finish() == nil)
    }
}
