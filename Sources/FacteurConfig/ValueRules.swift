import Foundation

/// The checks SPEC section 2 puts on individual values; each returns the typed value or says what is wrong.
enum ValueRules {
    /// Accepts any text except the empty string.
    static func nonEmpty(_ text: String) throws(InvalidValue) -> String {
        guard !text.isEmpty else {
            throw InvalidValue("must not be empty")
        }
        return text
    }

    /// A Discord snowflake: 17 to 20 decimal digits (`^[0-9]{17,20}$`).
    static func snowflake(_ text: String) throws(InvalidValue) -> String {
        guard (17...20).contains(text.count), text.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw InvalidValue("\(InvalidValue.quote(text)) is not a snowflake (17-20 digits)")
        }
        return text
    }

    /// An Ed25519 public key as Discord shows it: 64 hexadecimal digits.
    static func publicKey(_ text: String) throws(InvalidValue) -> String {
        guard text.count == 64, text.allSatisfy(\.isHexDigit) else {
            throw InvalidValue("\(InvalidValue.quote(text)) is not an Ed25519 public key (64 hex digits)")
        }
        return text
    }

    /// An absolute `http` or `https` URL with a host; a trailing slash is dropped so paths can be appended.
    static func httpURL(_ text: String) throws(InvalidValue) -> URL {
        var trimmed = Substring(text)
        while trimmed.hasSuffix("/") {
            trimmed = trimmed.dropLast()
        }
        guard let url = URL(string: String(trimmed)),
              let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty
        else {
            throw InvalidValue("\(InvalidValue.quote(text)) is not an http:// or https:// URL")
        }
        return url
    }

    /// A whole number greater than zero.
    static func positiveInteger(_ text: String) throws(InvalidValue) -> Int {
        guard let value = Int(text), value > 0 else {
            throw InvalidValue("\(InvalidValue.quote(text)) is not a whole number greater than zero")
        }
        return value
    }

    /// A duration greater than zero.
    static func positiveDuration(_ text: String) throws(InvalidValue) -> Duration {
        let duration = try DurationText.parse(text)
        guard duration > .zero else {
            throw InvalidValue("\(InvalidValue.quote(text)) must be longer than zero")
        }
        return duration
    }

    /// `true`/`false`, also `yes`/`no`, `on`/`off` and `1`/`0`, in any case.
    static func boolean(_ text: String) throws(InvalidValue) -> Bool {
        switch text.lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0": return false
        default: throw InvalidValue("\(InvalidValue.quote(text)) is not a Boolean (true or false)")
        }
    }

    /// `kubernetes` or `dry-run`.
    static func argoMode(_ text: String) throws(InvalidValue) -> ArgoConfiguration.Mode {
        guard let mode = ArgoConfiguration.Mode(rawValue: text.lowercased()) else {
            throw InvalidValue("\(InvalidValue.quote(text)) is not kubernetes or dry-run")
        }
        return mode
    }

    /// `PLAIN`, `SCRAM-SHA-256` or `SCRAM-SHA-512`, in any case.
    static func saslMechanism(_ text: String) throws(InvalidValue) -> KafkaSASLConfiguration.Mechanism {
        guard let mechanism = KafkaSASLConfiguration.Mechanism(rawValue: text.uppercased()) else {
            throw InvalidValue("\(InvalidValue.quote(text)) is not PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512")
        }
        return mechanism
    }

    /// A Kubernetes namespace name: an RFC 1123 label of at most 63 characters.
    static func dnsLabel(_ text: String) throws(InvalidValue) -> String {
        guard text.count <= 63, isDNSLabel(Substring(text)) else {
            throw InvalidValue(
                "\(InvalidValue.quote(text)) is not a Kubernetes name (lower-case letters, digits and '-', at most 63)"
            )
        }
        return text
    }

    /// A Kubernetes object name: an RFC 1123 subdomain of at most 253 characters.
    static func dnsSubdomain(_ text: String) throws(InvalidValue) -> String {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        guard text.count <= 253, labels.allSatisfy(isDNSLabel) else {
            throw InvalidValue(
                "\(InvalidValue.quote(text)) is not a Kubernetes name (lower-case letters, digits, '-' and '.')"
            )
        }
        return text
    }

    /// A Kafka bootstrap server: `host` or `host:port`, IPv6 hosts in brackets.
    static func broker(_ text: String) throws(InvalidValue) -> String {
        let malformed = InvalidValue("\(InvalidValue.quote(text)) is not a broker address (host:port)")
        guard !text.isEmpty, !text.contains(where: \.isWhitespace), !text.hasPrefix(":") else {
            throw malformed
        }
        if text.hasPrefix("[") || text.contains(":") {
            guard let address = ListenAddress(text), address.host != nil else {
                throw malformed
            }
        }
        return text
    }

    /// A role-map key: a command name matching `^[a-z0-9:_-]+$` (schemas/facteur-discord-role-map.schema.json).
    static func isCommandName(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || ":_-".unicodeScalars.contains(scalar)
        }
    }

    private static func isDNSLabel(_ label: Substring) -> Bool {
        guard let first = label.first, let last = label.last, label.count <= 63 else {
            return false
        }
        let isAlphanumeric = { (character: Character) in
            character.isASCII && (character.isLowercase || character.isNumber)
        }
        return isAlphanumeric(first) && isAlphanumeric(last)
            && label.allSatisfy { isAlphanumeric($0) || $0 == "-" }
    }
}
