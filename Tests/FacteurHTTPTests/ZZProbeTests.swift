import Foundation
import Testing
@testable import FacteurHTTP

@Test func probeServe() async throws {
    guard let seconds = ProcessInfo.processInfo.environment["PROBE_SECONDS"].flatMap(Int.init) else { return }
    var router = Router()
    router.get("/healthz") { _ in .json(bytes: Array(#"{"status":"ok"}"#.utf8)) }
    router.addImmediate(.get, "/immediate") { _ in .json(bytes: Array(#"{"status":"ok"}"#.utf8)) }
    let server = HTTPServer(configuration: .init(host: "127.0.0.1", port: 18080), router: router)
    try await server.start()
    try await Task.sleep(for: .seconds(seconds))
    await server.shutdown(timeout: .seconds(2))
}
