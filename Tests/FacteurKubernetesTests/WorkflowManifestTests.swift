import FacteurCore
import FacteurKubernetes
import Foundation
import Testing

@Suite("Workflow rendering")
struct WorkflowManifestTests {
    @Test("A draft renders as an Argo Workflow referencing the template, parameters sorted")
    func shape() throws {
        let draft = Fixtures.draft(key: "1234", parameters: ["zeta": "z", "alpha": "a", "mid": "{\"json\":1}"])

        let object = try #require(
            try JSONSerialization.jsonObject(with: WorkflowManifest(draft).jsonData()) as? [String: Any]
        )

        #expect(object["apiVersion"] as? String == "argoproj.io/v1alpha1")
        #expect(object["kind"] as? String == "Workflow")
        let metadata = try #require(object["metadata"] as? [String: Any])
        #expect(metadata["name"] as? String == draft.name)
        #expect(metadata["namespace"] as? String == Fixtures.namespace)
        #expect(metadata["labels"] as? [String: String] == draft.labels)
        #expect(metadata["annotations"] as? [String: String] == draft.annotations)
        let spec = try #require(object["spec"] as? [String: Any])
        #expect((spec["workflowTemplateRef"] as? [String: String])?["name"] == "facteur-dispatch")
        #expect(spec["serviceAccountName"] as? String == "argo-workflow")
        let parameters = (spec["arguments"] as? [String: Any])?["parameters"] as? [[String: String]]
        #expect(parameters == [
            ["name": "alpha", "value": "a"],
            ["name": "mid", "value": "{\"json\":1}"],
            ["name": "zeta", "value": "z"],
        ])
    }

    @Test("Without a service account the field is left out, and rendering is byte-stable")
    func noServiceAccount() throws {
        let draft = Fixtures.draft(key: "1234", serviceAccountName: nil)

        let text = WorkflowManifest(draft).jsonText()

        #expect(!text.contains("serviceAccountName"))
        #expect(text == WorkflowManifest(draft).jsonText())
    }
}
