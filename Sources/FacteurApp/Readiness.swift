import Foundation
import Synchronization

/// One dependency `/readyz` asks about, such as Redis or the Kubernetes API.
public struct ReadinessCheck: Sendable {
    public var name: String
    public var probe: @Sendable () async throws -> Void

    /// A check that passes when `probe` returns and fails with the error it throws.
    public init(name: String, probe: @escaping @Sendable () async throws -> Void) {
        self.name = name
        self.probe = probe
    }
}

/// The outcome of one readiness evaluation: each check's failure, if any, by name.
public struct ReadinessReport: Sendable, Equatable {
    public var failures: [String: String]
    public var checked: [String]

    public var isReady: Bool { failures.isEmpty }
}

/// The registry of readiness checks; components register theirs at start-up, and with
/// none registered the service is ready.
public final class Readiness: Sendable {
    private let checks = Mutex<[ReadinessCheck]>([])
    private let timeout: Duration

    /// - Parameter timeout: how long one check may take before it counts as failed, so a
    ///   hung dependency cannot hang the probe.
    public init(timeout: Duration = .seconds(2)) {
        self.timeout = timeout
    }

    public func register(_ check: ReadinessCheck) {
        checks.withLock { $0.append(check) }
    }

    /// Runs every check concurrently and collects the failures.
    public func evaluate() async -> ReadinessReport {
        let registered = checks.withLock { $0 }
        let timeout = self.timeout
        let failures = await withTaskGroup(of: (String, String?).self) { group in
            for check in registered {
                group.addTask {
                    (check.name, await Self.run(check, timeout: timeout))
                }
            }
            var failures: [String: String] = [:]
            for await (name, failure) in group {
                if let failure {
                    failures[name] = failure
                }
            }
            return failures
        }
        return ReadinessReport(failures: failures, checked: registered.map(\.name))
    }

    private static func run(_ check: ReadinessCheck, timeout: Duration) async -> String? {
        await withTaskGroup(of: String?.self) { group in
            group.addTask {
                do {
                    try await check.probe()
                    return nil
                } catch {
                    return String(describing: error)
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return "no answer within \(timeout)"
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
