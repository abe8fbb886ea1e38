import Foundation
import Testing

@testable import FacteurHTTPClient

@Suite("HTTP value types")
struct HTTPHeadersTests {
    @Test("Header names match whatever their case")
    func caseInsensitive() {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        headers.add(name: "set-cookie", value: "a=1")
        headers.add(name: "Set-Cookie", value: "b=2")

        #expect(headers.first(name: "content-type") == "application/json")
        #expect(headers["SET-COOKIE"] == ["a=1", "b=2"])
        headers.replaceOrAdd(name: "SET-cookie", value: "c=3")
        #expect(headers["set-cookie"] == ["c=3"])
        headers.remove(name: "CONTENT-TYPE")
        #expect(!headers.contains(name: "content-type"))
    }

    @Test("Credentials are redacted when headers are printed")
    func redactsCredentials() {
        let headers: HTTPHeaders = ["Authorization": "Bearer abc.def", "Accept": "application/json"]

        #expect(!headers.description.contains("abc.def"))
        #expect(headers.description.contains("<redacted>"))
        #expect(headers.description.contains("application/json"))
    }

    @Test("The head parser skips interim responses and unfolds continuation lines")
    func headParser() {
        var parser = ResponseHeadParser()
        let lines = [
            "HTTP/1.1 100 Continue\r\n", "\r\n",
            "HTTP/1.1 201 Created\r\n", "Location: /a\r\n", "X-Long: one\r\n", " two\r\n", "\r\n",
            "X-Trailer: ignored\r\n",
        ]
        var completions = 0
        for line in lines {
            let bytes = Array(line.utf8)
            if bytes.withUnsafeBytes({ parser.consume($0) }) {
                completions += 1
            }
        }

        #expect(completions == 1)
        #expect(parser.status == 201)
        #expect(parser.headers.first(name: "location") == "/a")
        #expect(parser.headers.first(name: "x-long") == "one two")
        #expect(!parser.headers.contains(name: "x-trailer"))
    }

    @Test("Only timeouts, failed connections and dropped connections are transient")
    func transientCodes() {
        func error(_ code: HTTPClientError.Code) -> HTTPClientError {
            HTTPClientError(code: code, message: "", method: "GET", url: "http://example")
        }

        #expect(error(.timedOut).isTransient)
        #expect(error(.connectFailed).isTransient)
        #expect(!error(.tlsFailed).isTransient)
        #expect(!error(.cancelled).isTransient)
    }

    @Test("A request's displayed URL drops user info and query unless overridden")
    func displayURL() {
        var request = HTTPClientRequest(url: "https://bot:pw@discord.example/api/webhooks/1/tok?wait=true")
        #expect(request.displayURL == "https://discord.example/api/webhooks/1/tok")
        #expect(request.serverAddress == "discord.example")

        request.redactedURL = "https://discord.example/api/webhooks/1/<redacted>"
        #expect(request.displayURL == "https://discord.example/api/webhooks/1/<redacted>")
    }
}
