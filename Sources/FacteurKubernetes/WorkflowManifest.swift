import FacteurCore
import Foundation

/// The Argo Workflow object facteur creates for a draft, shared by the Kubernetes and dry-run
/// gateways so a dry run shows exactly what would be sent (SPEC sections 2 and 4).
public struct WorkflowManifest: Sendable, Equatable, Encodable {
    /// Argo's API group and version (`argoproj.io/v1alpha1`).
    public static let apiVersion = "argoproj.io/v1alpha1"

    struct Metadata: Sendable, Equatable, Encodable {
        var name: String
        var namespace: String
        var labels: [String: String]
        var annotations: [String: String]
    }

    struct Parameter: Sendable, Equatable, Encodable {
        var name: String
        var value: String
    }

    struct Arguments: Sendable, Equatable, Encodable {
        var parameters: [Parameter]
    }

    struct TemplateReference: Sendable, Equatable, Encodable {
        var name: String
    }

    struct Spec: Sendable, Equatable, Encodable {
        var workflowTemplateRef: TemplateReference
        var serviceAccountName: String?
        var arguments: Arguments
    }

    let apiVersion = Self.apiVersion
    let kind = "Workflow"
    var metadata: Metadata
    var spec: Spec

    /// Renders a draft: parameters sorted by name, every value a string, as Argo's
    /// `spec.arguments.parameters` expects.
    public init(_ draft: WorkflowDraft) {
        metadata = Metadata(
            name: draft.name,
            namespace: draft.namespace,
            labels: draft.labels,
            annotations: draft.annotations
        )
        let parameters = draft.parameters
            .sorted { $0.key < $1.key }
            .map { Parameter(name: $0.key, value: $0.value) }
        spec = Spec(
            workflowTemplateRef: TemplateReference(name: draft.templateName),
            serviceAccountName: draft.serviceAccountName.flatMap { $0.isEmpty ? nil : $0 },
            arguments: Arguments(parameters: parameters)
        )
    }

    /// The JSON document, keys sorted so the same draft always renders the same bytes.
    public func jsonData() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(self)
        } catch {
            preconditionFailure("encoding a WorkflowManifest of strings cannot fail: \(error)")
        }
    }

    /// The JSON document as text, for logs.
    public func jsonText() -> String {
        String(decoding: jsonData(), as: UTF8.self)
    }

    private enum CodingKeys: String, CodingKey {
        case apiVersion
        case kind
        case metadata
        case spec
    }
}
