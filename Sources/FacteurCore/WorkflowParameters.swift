import Foundation

/// Builds a Workflow's parameters from a command (SPEC section 4): the static
/// `argo.parameters`, overlaid by `action` and the non-empty options, plus `payload`, a
/// JSON object carrying all of that and the request's IDs, so a template may read either.
public enum WorkflowParameters {
    public static func make(
        definition: CommandDefinition,
        invocation: CommandInvocation,
        staticParameters: [String: String],
        correlationID: String,
        traceID: String,
        lastCorrelationID: String?
    ) -> [String: String] {
        var parameters = staticParameters
        parameters["action"] = definition.name
        for name in definition.allOptions {
            if let value = invocation.options[name], !value.isBlank {
                parameters[name] = value
            }
        }
        if definition.name == CommandCatalogue.review.name, let lastCorrelationID {
            parameters["last_correlation_id"] = lastCorrelationID
        }
        parameters.removeValue(forKey: "payload")

        var payload = parameters
        payload["user_id"] = invocation.userID
        payload["correlation_id"] = correlationID
        payload["trace_id"] = traceID
        payload["prompt"] = definition.promptOption.flatMap { invocation.options[$0] } ?? ""
        parameters["payload"] = canonicalJSON(payload)
        return parameters
    }

    /// Sorted keys, so the same command always renders the same Workflow.
    static func canonicalJSON(_ object: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(object)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
