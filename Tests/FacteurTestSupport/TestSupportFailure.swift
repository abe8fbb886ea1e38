/// A failure of a test harness itself (a process that would not start, a control call that
/// failed), kept apart from the errors of the code under test.
public struct TestSupportFailure: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
