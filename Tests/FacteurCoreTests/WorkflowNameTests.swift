import FacteurCore
import Foundation
import Testing

@Suite("Deterministic Workflow names")
struct WorkflowNameTests {
    /// 2026-12-03T14:05:09Z
    let time = Date(timeIntervalSince1970: 1_796_306_709)

    @Test("The name is the command, the UTC time and a suffix from the identity")
    func shape() throws {
        let name = WorkflowName.make(command: "plan", time: time, identity: "1234567890123456789")
        let pattern = try Regex("^plan-20261203-140509-[0-9a-z]{8}$")
        #expect(name.wholeMatch(of: pattern) != nil, "got \(name)")
    }

    @Test("The same event always gets the same name; another identity another name")
    func deterministic() {
        let first = WorkflowName.make(command: "implement", time: time, identity: "a")
        let again = WorkflowName.make(command: "implement", time: time, identity: "a")
        let other = WorkflowName.make(command: "implement", time: time, identity: "b")
        #expect(first == again)
        #expect(first != other)
    }

    @Test("Names stay within 63 DNS-1123 characters whatever the command", arguments: [
        "review", "Weird Command!", String(repeating: "x", count: 200), "---",
    ])
    func bounded(command: String) throws {
        let name = WorkflowName.make(command: command, time: time, identity: "id")
        #expect(name.count <= WorkflowName.maximumLength)
        let pattern = try Regex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
        #expect(name.wholeMatch(of: pattern) != nil, "got \(name)")
    }

    @Test("Drafts carry facteur's labels and annotations")
    func draftMetadata() {
        let identity = WorkflowIdentity(
            key: "111111111111111111",
            userID: "222222222222222222",
            interactionID: "111111111111111111",
            correlationID: "corr-1",
            traceID: "4bf92f3577b34da6a3ce929d0e0e4736",
            time: time
        )
        let draft = WorkflowDraft.make(
            command: "plan",
            identity: identity,
            namespace: "argo",
            templateName: "facteur-dispatch",
            serviceAccountName: "runner",
            parameters: ["action": "plan"]
        )
        #expect(draft.labels == [
            "app.kubernetes.io/managed-by": "facteur",
            "facteur/command": "plan",
            "facteur/user-id": "222222222222222222",
            "facteur/interaction-id": "111111111111111111",
        ])
        #expect(draft.annotations == [
            "facteur/identity": "111111111111111111",
            "facteur/correlation-id": "corr-1",
            "facteur/trace-id": "4bf92f3577b34da6a3ce929d0e0e4736",
        ])
        #expect(draft.identity == "111111111111111111")
        #expect(draft.name.hasPrefix("plan-20261203-140509-"))
    }

    @Test("Label values are sanitised to Kubernetes' rules", arguments: [
        ("ok-value_1.2", "ok-value_1.2"),
        ("-lead", "lead"),
        ("a b", "a_b"),
        (String(repeating: "z", count: 80), String(repeating: "z", count: 63)),
    ])
    func labelValues(input: String, expected: String) {
        #expect(LabelValue.sanitized(input) == expected)
    }
}
