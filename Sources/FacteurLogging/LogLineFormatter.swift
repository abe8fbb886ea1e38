import Foundation

/// Renders a record as one logfmt or JSON line with a fixed key order: time, level,
/// logger, message, then metadata sorted by key so lines diff cleanly.
enum LogLineFormatter {
    static func format(_ record: LogRecord, as format: LogFormat) -> String {
        let time = timestamp(record.timestamp)
        let keys = record.metadata.keys.sorted()
        switch format {
        case .logfmt:
            var parts = [
                "time=\(time)",
                "level=\(record.level)",
                "logger=\(logfmtValue(record.label))",
                "msg=\(logfmtValue(record.message))",
            ]
            for key in keys {
                parts.append("\(key)=\(logfmtValue(record.metadata[key]!.logfmtText))")
            }
            return parts.joined(separator: " ")

        case .json:
            var parts = [
                "\"time\":\(JSONText.quoted(time))",
                "\"level\":\(JSONText.quoted(record.level.description))",
                "\"logger\":\(JSONText.quoted(record.label))",
                "\"msg\":\(JSONText.quoted(record.message))",
            ]
            for key in keys {
                parts.append("\(JSONText.quoted(key)):\(jsonValue(record.metadata[key]!))")
            }
            return "{" + parts.joined(separator: ",") + "}"
        }
    }

    /// RFC 3339 in UTC with milliseconds, formatted by hand: DateFormatter is slow and
    /// not safe to share across threads.
    static func timestamp(_ date: Date) -> String {
        let millisecondsSinceEpoch = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = time_t(millisecondsSinceEpoch / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let millis = Int(millisecondsSinceEpoch % 1000)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
            Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), millis
        )
    }

    static func logfmtValue(_ text: String) -> String {
        let needsQuotes = text.isEmpty || text.unicodeScalars.contains { scalar in
            scalar == " " || scalar == "=" || scalar == "\"" || scalar.value < 0x20
        }
        guard needsQuotes else { return text }
        return JSONText.quoted(text)
    }

    static func jsonValue(_ value: MetadataValue) -> String {
        switch value {
        case .string(let text): JSONText.quoted(text)
        case .int(let number): String(number)
        case .double(let number): number.isFinite ? String(number) : JSONText.quoted(String(number))
        case .bool(let flag): String(flag)
        case .array(let values): "[" + values.map(jsonValue).joined(separator: ",") + "]"
        }
    }
}
