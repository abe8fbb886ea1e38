import Foundation

/// One command as the pipeline sees it, whichever door it came through (`/events`,
/// `/interactions`, Kafka): the decoded event reduced to what dispatch needs.
public struct CommandInvocation: Sendable, Equatable {
    public var command: String
    public var options: [String: String]
    /// `user.id`, else `member.id` (SPEC section 5).
    public var userID: String
    public var roles: [String]
    public var interactionID: String?
    public var correlationID: String?
    public var traceID: String?
    /// The event's own `timestamp`, when it had a valid one.
    public var timestamp: Date?
    /// When facteur received the event; stands in for a missing timestamp.
    public var receivedAt: Date
    public var applicationID: String?
    public var token: String?
    public var channelID: String?

    public init(
        command: String,
        options: [String: String] = [:],
        userID: String,
        roles: [String] = [],
        interactionID: String? = nil,
        correlationID: String? = nil,
        traceID: String? = nil,
        timestamp: Date? = nil,
        receivedAt: Date,
        applicationID: String? = nil,
        token: String? = nil,
        channelID: String? = nil
    ) {
        self.command = command
        self.options = options
        self.userID = userID
        self.roles = roles
        self.interactionID = interactionID?.nilIfEmpty
        self.correlationID = correlationID?.nilIfEmpty
        self.traceID = traceID?.nilIfEmpty
        self.timestamp = timestamp
        self.receivedAt = receivedAt
        self.applicationID = applicationID?.nilIfEmpty
        self.token = token?.nilIfEmpty
        self.channelID = channelID?.nilIfEmpty
    }

    /// The idempotency identity (SPEC section 6): the interaction ID, else the correlation
    /// ID, else a digest of the event's content so a byte-identical redelivery still matches.
    public var identity: String {
        if let interactionID { return interactionID }
        if let correlationID { return correlationID }
        let options = options.keys.sorted().map { "\($0)=\(self.options[$0]!)" }.joined(separator: "&")
        let moment = timestamp.map { String($0.timeIntervalSince1970) } ?? "none"
        return "digest-" + StableHash.hex("\(command)|\(userID)|\(moment)|\(options)")
    }

    /// The time the Workflow name is stamped with.
    public var eventTime: Date { timestamp ?? receivedAt }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}

/// FNV-1a, 64-bit: stable across processes, unlike Swift's seeded `Hasher`.
enum StableHash {
    static func value(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    static func hex(_ text: String) -> String {
        let digits = String(value(text), radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
