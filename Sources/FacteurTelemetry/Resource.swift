/// The attributes naming the process that emits telemetry, such as `service.name`, sent
/// with every export.
public struct Resource: Sendable, Equatable {
    public var attributes: Attributes

    public init(attributes: Attributes) {
        self.attributes = attributes
    }
}
