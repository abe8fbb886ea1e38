/// Reads and writes durations as configuration spells them: `500ms`, `15s`, `15m`, `1h`, and sums such as
/// `1h30m`, the same syntax as Go's `time.ParseDuration` that facteur's Go predecessor accepted.
enum DurationText {
    private static let nanosecondsPerUnit: [String: Int64] = [
        "ns": 1,
        "us": 1_000,
        "µs": 1_000,
        "μs": 1_000,
        "ms": 1_000_000,
        "s": 1_000_000_000,
        "m": 60_000_000_000,
        "h": 3_600_000_000_000,
    ]

    /// Parses a duration; every number needs a unit, and there is no sign.
    static func parse(_ text: String) throws(InvalidValue) -> Duration {
        let malformed = InvalidValue(
            "\(InvalidValue.quote(text)) is not a duration (use a number and unit: 500ms, 15s, 15m, 1h, 1h30m)"
        )
        var rest = Substring(text)
        var total: Int64 = 0
        guard !rest.isEmpty else {
            throw malformed
        }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            rest = rest.dropFirst(number.count)
            let unitName = rest.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
            rest = rest.dropFirst(unitName.count)
            guard let unit = nanosecondsPerUnit[String(unitName)],
                  let amount = nanoseconds(number, unit: unit)
            else {
                throw malformed
            }
            let (sum, overflow) = total.addingReportingOverflow(amount)
            guard !overflow else {
                throw InvalidValue("\(InvalidValue.quote(text)) is too long a duration")
            }
            total = sum
        }
        return .nanoseconds(total)
    }

    /// Writes a duration as a sum of units that reads back exactly, leaving out zero parts: `1h30m`, `1m500ms`.
    static func format(_ duration: Duration) -> String {
        let components = duration.components
        var remaining = components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
        guard remaining > 0 else {
            return "0s"
        }
        var text = ""
        for (name, size) in [("h", 3_600_000_000_000), ("m", 60_000_000_000), ("s", 1_000_000_000),
                             ("ms", 1_000_000), ("us", 1_000), ("ns", 1)] as [(String, Int64)] {
            let count = remaining / size
            remaining %= size
            if count > 0 {
                text += "\(count)\(name)"
            }
        }
        return text
    }

    /// Converts `12` or `1.5` in `unit` to nanoseconds; nil when the number is malformed or overflows.
    private static func nanoseconds(_ number: Substring, unit: Int64) -> Int64? {
        let parts = number.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count > 1 ? parts[1] : ""
        guard !(whole.isEmpty && fraction.isEmpty), !fraction.contains(".") else {
            return nil
        }
        var value: Int64 = 0
        for digit in whole {
            let (times, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (plus, overflowB) = times.addingReportingOverflow(Int64(digit.wholeNumberValue ?? 0))
            guard !overflowA, !overflowB else {
                return nil
            }
            value = plus
        }
        let (scaled, overflow) = value.multipliedReportingOverflow(by: unit)
        guard !overflow else {
            return nil
        }
        var result = scaled
        var scale = unit
        for digit in fraction {
            scale /= 10
            let (sum, overflow) = result.addingReportingOverflow(Int64(digit.wholeNumberValue ?? 0) * scale)
            guard !overflow else {
                return nil
            }
            result = sum
        }
        return result
    }
}
