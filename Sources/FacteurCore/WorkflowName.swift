import Foundation

/// Deterministic Workflow names (SPEC section 6): the same event always maps to the same
/// name, so a retried create is answered 409 instead of starting a second run.
public enum WorkflowName {
    /// Kubernetes object names are DNS-1123 subdomains, and Argo uses the Workflow name in
    /// pod labels, which cap at 63 characters.
    public static let maximumLength = 63

    static let suffixLength = 8

    /// `<command>-YYYYMMDD-HHMMSS-<suffix>`, the time in UTC and the suffix a hash of the
    /// event identity, so two events in the same second still get different names.
    public static func make(command: String, time: Date, identity: String) -> String {
        let prefix = "\(sanitized(command))-\(timestamp(time))-"
        let suffix = String(hashSuffix(identity).prefix(suffixLength))
        let room = maximumLength - suffix.count
        return String(prefix.prefix(room)) + suffix
    }

    /// Lowercase alphanumerics and hyphens only, never empty, never leading with a hyphen.
    static func sanitized(_ command: String) -> String {
        let mapped = command.lowercased().map { character -> Character in
            character.isASCII && (character.isLetter || character.isNumber) ? character : "-"
        }
        let trimmed = String(mapped).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        return trimmed.isEmpty ? "command" : String(trimmed.prefix(30))
    }

    /// Formatted by hand: `String(format:)` goes through CoreFoundation and showed up in
    /// profiles of `/events` under load.
    static func timestamp(_ time: Date) -> String {
        var seconds = time_t(time.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let date = padded(Int(parts.tm_year) + 1900, 4)
            + padded(Int(parts.tm_mon) + 1, 2)
            + padded(Int(parts.tm_mday), 2)
        let clock = padded(Int(parts.tm_hour), 2) + padded(Int(parts.tm_min), 2) + padded(Int(parts.tm_sec), 2)
        return date + "-" + clock
    }

    static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Base-36 digits of a 64-bit FNV-1a hash: stable across processes and releases,
    /// unlike Swift's seeded `Hasher`.
    static func hashSuffix(_ identity: String) -> String {
        let digits = String(StableHash.value(identity), radix: 36)
        return String(repeating: "0", count: max(0, suffixLength - digits.count)) + digits
    }
}
