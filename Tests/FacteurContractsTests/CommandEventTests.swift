import FacteurContracts
import Testing

/// The conveniences SPEC section 5 defines on a CommandEvent.
@Suite("CommandEvent identity")
struct CommandEventTests {
    @Test("The user is user.id, else member.id", arguments: [
        (DiscordUser?.some(DiscordUser(id: "1")), DiscordMember?.some(DiscordMember(id: "2")), "1"),
        (DiscordUser(id: ""), DiscordMember(id: "2"), "2"),
        (nil, DiscordMember(id: "2"), "2"),
        (DiscordUser(id: "1"), nil, "1"),
        (nil, nil, ""),
    ])
    func userID(user: DiscordUser?, member: DiscordMember?, expected: String) {
        var event = CommandEvent()
        event.user = user
        event.member = member
        #expect(event.userID == expected)
    }

    @Test("Roles are the member's roles, none without a member")
    func roles() {
        var event = CommandEvent()
        #expect(event.roles.isEmpty)
        event.member = DiscordMember(id: "2", roles: ["r1", "r2"])
        #expect(event.roles == ["r1", "r2"])
    }
}
