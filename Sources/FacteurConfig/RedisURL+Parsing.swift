extension RedisURL {
    /// Parses `redis.url`; messages never quote the value, since it may hold a password.
    static func parse(_ text: String) throws(InvalidValue) -> RedisURL {
        let expected = "expected redis://[:password@]host[:port][/db], rediss://… or memory://"
        guard let separator = text.range(of: "://") else {
            throw InvalidValue("is not a URL (\(expected))")
        }
        guard let scheme = Scheme(rawValue: text[..<separator.lowerBound].lowercased()) else {
            throw InvalidValue("has an unsupported scheme (\(expected))")
        }
        let rest = text[separator.upperBound...]
        if scheme == .memory {
            guard rest.isEmpty || rest == "/" else {
                throw InvalidValue("memory:// takes nothing after the scheme")
            }
            return .memory
        }
        guard !rest.contains("?"), !rest.contains("#") else {
            throw InvalidValue("has a query or fragment, which facteur does not support")
        }

        let authority = rest.prefix { $0 != "/" }
        let path = rest.dropFirst(authority.count)
        var url = RedisURL(scheme: scheme, host: "")
        var hostAndPort = authority
        if let at = authority.lastIndex(of: "@") {
            try url.readUserInfo(authority[..<at])
            hostAndPort = authority[authority.index(after: at)...]
        }
        try url.readHostAndPort(hostAndPort)
        url.database = try database(path)
        return url
    }

    private mutating func readUserInfo(_ userInfo: Substring) throws(InvalidValue) {
        let parts = userInfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard let name = Self.percentDecoded(parts[0]) else {
            throw InvalidValue("has a malformed percent-encoding in its user name")
        }
        username = name.isEmpty ? nil : name
        guard parts.count > 1 else {
            return
        }
        guard let secret = Self.percentDecoded(parts[1]) else {
            throw InvalidValue("has a malformed percent-encoding in its password")
        }
        password = secret.isEmpty ? nil : secret
    }

    private mutating func readHostAndPort(_ text: Substring) throws(InvalidValue) {
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw InvalidValue("has an IPv6 host without its closing bracket")
            }
            host = String(text[text.index(after: text.startIndex)..<close])
            let after = text[text.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else {
                    throw InvalidValue("has text after its IPv6 host")
                }
                portText = after.dropFirst()
            }
        } else if let colon = text.lastIndex(of: ":") {
            host = String(text[..<colon])
            portText = text[text.index(after: colon)...]
        } else {
            host = String(text)
        }

        guard !host.isEmpty else {
            throw InvalidValue("has no host")
        }
        guard host.allSatisfy({ !$0.isWhitespace && $0 != "@" }) else {
            throw InvalidValue("has a malformed host")
        }
        if let portText {
            guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let number = UInt16(portText), number > 0
            else {
                throw InvalidValue("has a port that is not 1-65535")
            }
            port = number
        }
    }

    private static func database(_ path: Substring) throws(InvalidValue) -> Int {
        let digits = path.drop { $0 == "/" }
        guard !digits.isEmpty else {
            return 0
        }
        guard digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(digits) else {
            throw InvalidValue("has a database that is not a number (as in redis://host:6379/0)")
        }
        return number
    }

    /// Encodes everything outside RFC 3986's unreserved set, so the result survives `percentDecoded`.
    static func percentEncoded(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            let scalar = Unicode.Scalar(byte)
            let isUnreserved = ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                || ("0"..."9").contains(scalar) || "-._~".unicodeScalars.contains(scalar)
            if isUnreserved {
                encoded.unicodeScalars.append(scalar)
            } else {
                encoded += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return encoded
    }

    /// Decodes `%XX` escapes; nil when an escape is malformed or the bytes are not UTF-8.
    static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next(), let low = iterator.next(),
                  let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            else {
                return nil
            }
            bytes.append(value)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
