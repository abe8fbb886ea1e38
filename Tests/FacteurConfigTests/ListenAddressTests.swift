import FacteurConfig
import Testing

@Suite("server.listen_address")
struct ListenAddressTests {
    @Test("host:port, :port and [ipv6]:port are accepted", arguments: [
        (":8080", ListenAddress(host: nil, port: 8080)),
        ("0.0.0.0:80", ListenAddress(host: "0.0.0.0", port: 80)),
        ("localhost:0", ListenAddress(host: "localhost", port: 0)),
        ("[::1]:8080", ListenAddress(host: "::1", port: 8080)),
        ("[::]:65535", ListenAddress(host: "::", port: 65535)),
    ])
    func valid(text: String, expected: ListenAddress) {
        #expect(ListenAddress(text) == expected)
        #expect(ListenAddress(text)?.description == text)
    }

    @Test("anything else is refused with the key named", arguments: [
        "8080", "localhost", ":", ":65536", ":-1", "::1:8080", "[::1:8080", "[]:80", "host name:80", "[::1]",
    ])
    func invalid(text: String) {
        var environment = ConfigurationFixtures.minimalEnvironment
        environment["FACTEUR_SERVER_LISTEN_ADDRESS"] = text

        let problems = ConfigurationFixtures.problems(environment: environment)

        #expect(ListenAddress(text) == nil)
        #expect(problems.map(\.key) == ["server.listen_address"])
    }
}
