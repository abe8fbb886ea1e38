/// Who may run what (SPEC section 2, `role_map`): a command listed in the map needs one
/// of its roles; a command absent from the map is public.
public struct RolePolicy: Sendable, Equatable {
    public var roleMap: [String: [String]]

    public init(roleMap: [String: [String]]) {
        self.roleMap = roleMap
    }

    public func allows(command: String, roles: [String]) -> Bool {
        guard let required = roleMap[command] else { return true }
        return !Set(required).isDisjoint(with: roles)
    }

    /// Catalogue commands nobody restricted, which facteur warns about at start-up so an
    /// operator notices an accidentally open command.
    public var publicCommands: [String] {
        CommandCatalogue.all.map(\.name).filter { roleMap[$0] == nil }
    }

    /// The refusal text of SPEC section 4.
    public static func refusal(command: String) -> String {
        "You do not have permission to run `\(command)`."
    }
}
