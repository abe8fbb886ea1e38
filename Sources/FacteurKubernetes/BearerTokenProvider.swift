import Foundation
import Synchronization

/// Supplies the bearer token for each request. A token file is re-read when the cached copy
/// is older than `refreshInterval`, or at once after a 401, because projected service-account
/// tokens are rotated in place while facteur runs (SPEC section 2).
final class BearerTokenProvider: Sendable {
    private struct Cached {
        var token: String
        var readAt: Duration
        var isStale = false
    }

    private let source: KubernetesCredentials.TokenSource
    private let clock: any KubernetesClock
    private let refreshInterval: Duration
    private let cached = Mutex<Cached?>(nil)

    init(source: KubernetesCredentials.TokenSource, clock: any KubernetesClock, refreshInterval: Duration) {
        self.source = source
        self.clock = clock
        self.refreshInterval = refreshInterval
    }

    /// Whether a 401 may be cured by reading the token again.
    var canRefresh: Bool {
        if case .file = source { true } else { false }
    }

    /// The token to send now, or `nil` when the credentials carry none.
    func token() throws(KubernetesError) -> String? {
        switch source {
        case .none:
            return nil
        case .literal(let token):
            return token
        case .file(let path):
            let now = clock.now()
            if let current = cached.withLock({ $0 }), !current.isStale, now - current.readAt < refreshInterval {
                return current.token
            }
            return try read(path, at: now)
        }
    }

    /// Marks the cached token stale so the next request reads the file again; the stale copy
    /// is still used if that read fails.
    func invalidate() {
        cached.withLock { $0?.isStale = true }
    }

    private func read(_ path: String, at now: Duration) throws(KubernetesError) -> String {
        let contents = FileManager.default.contents(atPath: path)
            .flatMap { String(data: $0, encoding: .utf8) }?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard let token = contents, !token.isEmpty else {
            // A rotation replaces the file by a symlink swap; a read that races it keeps the last
            // good token rather than failing the request.
            if let previous = cached.withLock({ $0 }) {
                return previous.token
            }
            throw KubernetesError(
                code: .credentials,
                message: "the bearer token file \(path) cannot be read or is empty",
                method: "",
                path: path
            )
        }
        cached.withLock { $0 = Cached(token: token, readAt: now) }
        return token
    }
}
