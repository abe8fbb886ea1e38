import Foundation

/// A Workflow as the kube-apiserver stand-in stored it, read into the fields the SPEC
/// constrains, so expectations compare values instead of digging through JSON.
struct StoredWorkflow {
    var name: String
    var namespace: String
    var labels: [String: String]
    var annotations: [String: String]
    var templateName: String?
    var serviceAccountName: String?
    /// Names in the order they were sent.
    var parameterNames: [String]
    var parameters: [String: String]
    /// Whether every parameter value was a JSON string.
    var hasOnlyStringValues: Bool

    init(_ object: [String: Any]) throws {
        let metadata = object["metadata"] as? [String: Any] ?? [:]
        let spec = object["spec"] as? [String: Any] ?? [:]
        guard let name = metadata["name"] as? String else {
            throw TestFailure("a stored Workflow has no name: \(object)")
        }
        self.name = name
        namespace = metadata["namespace"] as? String ?? ""
        labels = metadata["labels"] as? [String: String] ?? [:]
        annotations = metadata["annotations"] as? [String: String] ?? [:]
        templateName = (spec["workflowTemplateRef"] as? [String: Any])?["name"] as? String
        serviceAccountName = spec["serviceAccountName"] as? String

        let list = (spec["arguments"] as? [String: Any])?["parameters"] as? [[String: Any]] ?? []
        parameterNames = list.compactMap { $0["name"] as? String }
        parameters = [:]
        hasOnlyStringValues = true
        for entry in list {
            guard let key = entry["name"] as? String, let value = entry["value"] as? String else {
                hasOnlyStringValues = false
                continue
            }
            parameters[key] = value
        }
    }

    /// The `payload` parameter decoded; every value in it is a string.
    func payload() throws -> [String: String] {
        guard let text = parameters["payload"],
              let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String]
        else {
            throw TestFailure("payload is not a JSON object of strings: \(parameters["payload"] ?? "none")")
        }
        return object
    }
}

extension RawHTTP.Response {
    /// The body as a JSON object.
    func json() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else {
            throw TestFailure("not a JSON object: \(body)")
        }
        return object
    }
}
