import FacteurHTTP

/// The routes every facteur process answers (SPEC section 3): identity, liveness and
/// readiness. Command routes are added beside them by the pipeline.
enum ServiceRoutes {
    static func install(in router: inout Router, readiness: Readiness) {
        let identity = ServiceIdentity(
            service: "facteur",
            status: "ok",
            version: BuildInfo.version,
            commit: BuildInfo.commit
        )
        let identityResponse = HTTPResponse.json(identity)
        let healthyResponse = HTTPResponse.json(["status": "ok"])

        // Constant answers run inline on the server's threads: probes and load balancers
        // hit these hardest, and skipping the task hop doubles their throughput.
        router.addImmediate(.get, "/") { _ in identityResponse }
        router.addImmediate(.get, "/healthz") { _ in healthyResponse }
        router.get("/readyz") { _ in
            let report = await readiness.evaluate()
            guard report.isReady else {
                return .json(ReadinessFailure(report: report), status: .serviceUnavailable)
            }
            return .json(["status": "ready"])
        }
    }
}

/// The body of `GET /`.
struct ServiceIdentity: Encodable {
    var service: String
    var status: String
    var version: String
    var commit: String
}

/// The 503 body of `/readyz`: the SPEC's error shape, plus each failing check by name.
struct ReadinessFailure: Encodable {
    var status = "not ready"
    var error = "not ready"
    var details: String
    var checks: [String: String]

    init(report: ReadinessReport) {
        let names = report.failures.keys.sorted()
        details = names.map { "\($0): \(report.failures[$0]!)" }.joined(separator: "; ")
        checks = report.failures
    }
}
