/// Digging into the decoded JSON dictionaries `OTLPReceiver` records; the receiver writes
/// protobuf's JSON mapping, so 64-bit integers arrive as strings and IDs as lowercase hex.
extension [String: Any] {
    public func object(_ key: String) -> [String: Any] { self[key] as? [String: Any] ?? [:] }
    public func array(_ key: String) -> [[String: Any]] { self[key] as? [[String: Any]] ?? [] }
    public func string(_ key: String) -> String? { self[key] as? String }

    /// `KeyValue` list attributes as a flat dictionary of their `AnyValue` objects.
    public var attributeValues: [String: [String: Any]] {
        var values: [String: [String: Any]] = [:]
        for entry in array("attributes") {
            if let key = entry["key"] as? String {
                values[key] = entry["value"] as? [String: Any] ?? [:]
            }
        }
        return values
    }

    /// The string value of attribute `key`, or nil when absent or of another type.
    public func stringAttribute(_ key: String) -> String? {
        attributeValues[key]?.string("stringValue")
    }

    /// The integer value of attribute `key` (JSON-mapped as a string), or nil.
    public func intAttribute(_ key: String) -> Int? {
        attributeValues[key]?.string("intValue").flatMap { Int($0) }
    }
}

/// Flattening a list of receiver records into the items of one signal.
extension [[String: Any]] {
    /// The `resource` objects of every export of `signal` (`traces`, `metrics`, `logs`).
    public func resources(of signal: String) -> [[String: Any]] {
        envelopes(of: signal).map { $0.object("resource") }
    }

    /// Every span exported, in arrival order.
    public var spans: [[String: Any]] {
        envelopes(of: "traces").flatMap { $0.array("scopeSpans") }.flatMap { $0.array("spans") }
    }

    /// Every metric exported, each periodic export adding its own copy.
    public var metrics: [[String: Any]] {
        envelopes(of: "metrics").flatMap { $0.array("scopeMetrics") }.flatMap { $0.array("metrics") }
    }

    /// Every log record exported, in arrival order.
    public var logRecords: [[String: Any]] {
        envelopes(of: "logs").flatMap { $0.array("scopeLogs") }.flatMap { $0.array("logRecords") }
    }

    /// `resourceSpans`, `resourceMetrics` or `resourceLogs` of each export of `signal`.
    private func envelopes(of signal: String) -> [[String: Any]] {
        let key = switch signal {
        case "traces": "resourceSpans"
        case "metrics": "resourceMetrics"
        default: "resourceLogs"
        }
        return filter { $0.string("signal") == signal }.flatMap { $0.object("body").array(key) }
    }
}
