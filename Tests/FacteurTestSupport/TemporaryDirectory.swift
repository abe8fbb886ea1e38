import Foundation

/// A fresh directory under the system's temporary directory, for kubeconfigs, token files
/// and other files a test hands to the code under test.
public struct TemporaryDirectory: Sendable {
    public let path: String

    /// Creates the directory; `prefix` names it after what it holds, which helps when one is
    /// left behind.
    public init(prefix: String = "facteur-test") throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `contents` to `name` (sub-directories created) and returns the full path.
    @discardableResult
    public func write(_ contents: String, to name: String) throws -> String {
        let file = path + "/" + name
        let parent = URL(fileURLWithPath: file).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        try contents.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// Deletes the directory and everything in it.
    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
