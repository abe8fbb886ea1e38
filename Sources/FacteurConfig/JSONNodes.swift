import FacteurYAML
import Foundation

/// Converts the JSON objects that `argo.parameters` and `role_map` take from the environment into the same
/// node tree the file gives, so both sources are checked by one set of rules.
enum JSONNodes {
    /// Parses a JSON object whose leaves are strings.
    ///
    /// Numbers are refused rather than converted: a snowflake above 2^53 would silently lose digits.
    static func node(fromJSON text: String) throws(InvalidValue) -> YAMLNode {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        } catch {
            throw InvalidValue("is not valid JSON (expected an object such as {\"name\": \"value\"})")
        }
        guard object is [String: Any] else {
            throw InvalidValue("must be a JSON object")
        }
        return try node(from: object, path: "")
    }

    private static func node(from value: Any, path: String) throws(InvalidValue) -> YAMLNode {
        if let string = value as? String {
            return .scalar(YAMLScalar(string, style: .doubleQuoted))
        }
        if let array = value as? [Any] {
            var items: [YAMLNode] = []
            for (index, item) in array.enumerated() {
                items.append(try node(from: item, path: "\(path)[\(index)]"))
            }
            return .sequence(YAMLSequence(items))
        }
        if let object = value as? [String: Any] {
            var entries: [YAMLMapping.Entry] = []
            for (key, item) in object.sorted(by: { $0.key < $1.key }) {
                let child = try node(from: item, path: path.isEmpty ? key : "\(path).\(key)")
                entries.append(YAMLMapping.Entry(key: YAMLScalar(key, style: .doubleQuoted), value: child))
            }
            return .mapping(YAMLMapping(entries))
        }
        throw InvalidValue("has a JSON value at \(path) that is not a string (quote numbers, as in \"123\")")
    }
}
