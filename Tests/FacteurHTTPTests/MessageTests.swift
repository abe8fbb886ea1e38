import Testing
@testable import FacteurHTTP

@Suite("Requests and responses")
struct MessageTests {
    @Test("Header names match without regard to case")
    func headersAreCaseInsensitive() {
        var headers: HTTPHeaders = ["Content-Type": "application/json", "X-Multi": "a"]
        headers.add(name: "x-multi", value: "b")
        #expect(headers["content-type"] == "application/json")
        #expect(headers.values(for: "X-MULTI") == ["a", "b"])
        headers.replaceOrAdd(name: "X-Multi", value: "c")
        #expect(headers.values(for: "x-multi") == ["c"])
        #expect(!headers.contains("x-other"))
    }

    @Test(
        "Query strings decode as HTML forms encode them",
        arguments: [
            ("a=1&b=two", [("a", "1"), ("b", "two")]),
            ("q=hello+world&x=%2F%41", [("q", "hello world"), ("x", "/A")]),
            ("flag&empty=", [("flag", ""), ("empty", "")]),
            ("bad=%zz%4", [("bad", "%zz%4")]),
            ("", []),
        ]
    )
    func queryItems(query: String, expected: [(String, String)]) {
        let request = HTTPRequest(method: .get, path: "/", query: query)
        #expect(request.queryItems.map(\.name) == expected.map(\.0))
        #expect(request.queryItems.map(\.value) == expected.map(\.1))
    }

    @Test("The query is the part of the target between ? and #")
    func queryOfTarget() {
        #expect(Exchange.query(of: "/a?x=1#frag") == "x=1")
        #expect(Exchange.query(of: "/a?") == "")
        #expect(Exchange.query(of: "/a") == nil)
    }

    @Test("Error bodies escape their text and keep error before details")
    func errorBody() {
        let response = HTTPResponse.error(.badRequest, error: "bad \"input\"", details: "line\nbreak")
        #expect(String(decoding: response.body, as: UTF8.self)
            == #"{"error":"bad \"input\"","details":"line\nbreak"}"#)
        #expect(response.headers["Content-Type"] == "application/json")
    }

    @Test("A value that cannot be encoded becomes a 500 error response")
    func unencodableValue() {
        let response = HTTPResponse.json(["value": Double.nan])
        #expect(response.status == .internalServerError)
        #expect(String(decoding: response.body, as: UTF8.self).hasPrefix(#"{"error":"internal error""#))
    }
}
