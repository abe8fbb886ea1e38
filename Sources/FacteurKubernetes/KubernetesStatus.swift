import Foundation

/// The metav1 `Status` body the API server sends with every error, so a refusal reaches the
/// user in the API's own words and reason (Kubernetes API conventions, "Response Status Kind").
public struct KubernetesStatus: Sendable, Equatable, Decodable {
    /// One field-level cause of a 422 `Invalid`.
    public struct Cause: Sendable, Equatable, Decodable {
        public var reason: String?
        public var message: String?
        public var field: String?
    }

    /// Extra data about the failure; `retryAfterSeconds` accompanies 429 and some 5xx.
    public struct Details: Sendable, Equatable, Decodable {
        public var name: String?
        public var group: String?
        public var kind: String?
        public var causes: [Cause]?
        public var retryAfterSeconds: Int?
    }

    public var kind: String?
    /// `Success` or `Failure`.
    public var status: String?
    public var message: String?
    /// A CamelCase machine-readable reason such as `AlreadyExists` or `Forbidden`.
    public var reason: String?
    public var details: Details?
    public var code: Int?

    /// Decodes a body that is a `Status`; anything else (an HTML page from a proxy) is `nil`.
    static func decode(_ body: Data) -> KubernetesStatus? {
        guard let status = try? JSONDecoder().decode(KubernetesStatus.self, from: body),
            status.kind == "Status"
        else {
            return nil
        }
        return status
    }
}
