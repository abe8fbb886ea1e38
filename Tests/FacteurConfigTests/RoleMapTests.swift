import FacteurConfig
import Testing

@Suite("The role map follows schemas/facteur-discord-role-map.schema.json")
struct RoleMapTests {
    @Test("a valid role map loads from the file with quoted or unquoted role IDs")
    func validFromFile() throws {
        let yaml = ConfigurationFixtures.minimalYAML + """

            role_map:
              plan: ["123456789012345678"]
              implement:
                - 123456789012345678
                - "98765432109876543210"
              "deploy:prod_eu-1": ["11111111111111111"]
            """

        let configuration = try ConfigurationFixtures.loadResult(yaml).get()

        #expect(configuration.roleMap == [
            "plan": ["123456789012345678"],
            "implement": ["123456789012345678", "98765432109876543210"],
            "deploy:prod_eu-1": ["11111111111111111"],
        ])
    }

    @Test("each violation is reported with the entry's key", arguments: [
        (#"{"Plan": ["123456789012345678"]}"#, "role_map.Plan", "\"Plan\" is not a command name (^[a-z0-9:_-]+$)"),
        (#"{"plan now": ["123456789012345678"]}"#, "role_map.plan now", "is not a command name"),
        (#"{"": ["123456789012345678"]}"#, "role_map.", "is not a command name"),
        (#"{"plan": []}"#, "role_map.plan", "must list at least one role ID"),
        (#"{"plan": "123456789012345678"}"#, "role_map.plan", "must be a list of role IDs, found a scalar"),
        (
            #"{"plan": ["123456789012345678", "123456789012345678"]}"#,
            "role_map.plan[1]",
            "role ID \"123456789012345678\" is listed more than once"
        ),
        (#"{"plan": ["1234"]}"#, "role_map.plan[0]", "\"1234\" is not a snowflake (17-20 digits)"),
        (#"{"plan": ["123456789012345678901"]}"#, "role_map.plan[0]", "is not a snowflake"),
        (#"{"plan": ["12345678901234567a"]}"#, "role_map.plan[0]", "is not a snowflake"),
        (#"{"plan": [123456789012345678]}"#, "role_map", "is not a string"),
        (#"["plan"]"#, "role_map", "must be a JSON object"),
        (#"{plan: 1"#, "role_map", "is not valid JSON"),
    ])
    func violationsFromEnvironment(json: String, key: String, message: String) {
        var environment = ConfigurationFixtures.minimalEnvironment
        environment["FACTEUR_ROLE_MAP"] = json

        let problems = ConfigurationFixtures.problems(environment: environment)

        #expect(problems.map(\.key) == [key])
        #expect(problems.first?.message.contains(message) == true)
        #expect(problems.first?.origin == .environment(variable: "FACTEUR_ROLE_MAP"))
    }

    @Test("violations in the file point at the offending line")
    func violationsFromFile() throws {
        let yaml = ConfigurationFixtures.minimalYAML + """

            role_map:
              Plan: ["123456789012345678"]
              review: []
              implement:
                - "123456789012345678"
                - "123456789012345678"
                - nope
              status: {}
            """

        let error = try #require(try ConfigurationFixtures.loadResult(yaml).failure)

        #expect(error.problems.compactMap(\.key) == [
            "role_map.Plan",
            "role_map.review",
            "role_map.implement[1]",
            "role_map.implement[2]",
            "role_map.status",
        ])
        let lines = error.problems.map { problem -> Int? in
            guard case .file(_, let line, _) = problem.origin else {
                return nil
            }
            return line
        }
        #expect(lines == [10, 11, 14, 15, 16])
    }

    @Test("a role map that is not a mapping is reported")
    func notAMapping() throws {
        let error = try #require(
            try ConfigurationFixtures.loadResult(ConfigurationFixtures.minimalYAML + "\nrole_map: [plan]\n").failure
        )
        #expect(error.problems.map(\.key) == ["role_map"])
    }
}
