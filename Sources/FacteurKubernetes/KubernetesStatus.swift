import Foundation

/// The metav1 `Status` body the API server sends with every error, so a refusal reaches the
/// user in the API's own words and reason (Kubernetes API conventions, "Response Status Kind").
public struct KubernetesStatus: Sendable, Equatable, Decodable {
    /// One field-level cause of a 422 `Invalid`.
    public struct Cause: Sendable, Equatable, Decodable {
        /// A machine-readable cause such as `FieldValueInvalid`.
        public var reason: String?
        /// What is wrong with the field, for people.
        public var message: String?
        /// The JSON path of the field, such as `metadata.name`.
        public var field: String?
    }

    /// Extra data about the failure; `retryAfterSeconds` accompanies 429 and some 5xx.
    public struct Details: Sendable, Equatable, Decodable {
        /// The name of the object the failure is about.
        public var name: String?
        /// The API group of that object.
        public var group: String?
        /// The kind (or resource) of that object.
        public var kind: String?
        /// Field-level causes, for 422 `Invalid`.
        public var causes: [Cause]?
        /// How long the server asks the client to wait before retrying.
        public var retryAfterSeconds: Int?
    }

    /// Always `Status` for a real Status body.
    public var kind: String?
    /// `Success` or `Failure`.
    public var status: String?
    /// A description of the failure, for people; facteur passes it on to users.
    public var message: String?
    /// A CamelCase machine-readable reason such as `AlreadyExists` or `Forbidden`.
    public var reason: String?
    /// Extra data about the failure.
    public var details: Details?
    /// The HTTP status the body describes.
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
