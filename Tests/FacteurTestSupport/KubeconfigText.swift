/// Kubeconfig documents for tests: one context, one cluster, one user, written as YAML the
/// way `kubectl config view` prints them.
public enum KubeconfigText {
    /// A kubeconfig whose cluster and user carry the given YAML lines (without indentation),
    /// e.g. `["server: http://127.0.0.1:1234"]` and `["token: secret"]`.
    public static func make(cluster: [String], user: [String], namespace: String? = nil) -> String {
        var lines = [
            "apiVersion: v1",
            "kind: Config",
            "current-context: test",
            "contexts:",
            "- name: test",
            "  context:",
            "    cluster: test-cluster",
            "    user: test-user",
        ]
        if let namespace {
            lines.append("    namespace: \(namespace)")
        }
        lines += ["clusters:", "- name: test-cluster", "  cluster:"]
        lines += cluster.map { "    " + $0 }
        lines += ["users:", "- name: test-user", "  user:"]
        lines += user.map { "    " + $0 }
        return lines.joined(separator: "\n") + "\n"
    }
}
