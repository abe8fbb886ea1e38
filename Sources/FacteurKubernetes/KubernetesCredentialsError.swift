/// Why no usable Kubernetes credentials could be resolved; the message names the file and the
/// key at fault, such as `kubeconfig /x: users[0].user.client-key-data is not valid base64`.
public struct KubernetesCredentialsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Opaque and extensible: match on the static values.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String

        /// No source in SPEC section 2's order held credentials.
        public static let notFound = Code(name: "not_found")
        /// A file could not be read.
        public static let unreadable = Code(name: "unreadable")
        /// A kubeconfig was read but says something unusable.
        public static let invalid = Code(name: "invalid")

        public var description: String { name }
    }

    /// The category callers branch on.
    public var code: Code

    /// The whole explanation, file and key included.
    public var message: String

    /// The file at fault, when one is.
    public var path: String?

    /// The kubeconfig key at fault, such as `clusters[0].cluster.server`.
    public var key: String?

    /// Where the error was raised, for logs.
    public var file: String

    /// Where the error was raised, for logs.
    public var line: Int

    /// Creates an error; `file` and `line` default to the caller's location.
    public init(
        code: Code,
        message: String,
        path: String? = nil,
        key: String? = nil,
        file: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.path = path
        self.key = key
        self.file = file
        self.line = line
    }

    public var description: String { message }

    /// Two errors are the same when they say the same thing, wherever they were raised.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message && lhs.path == rhs.path && lhs.key == rhs.key
    }
}
