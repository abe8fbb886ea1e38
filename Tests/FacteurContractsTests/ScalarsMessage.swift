import FacteurProtobuf

/// A test-only message with every scalar kind the library supports, since the contracts
/// themselves have no `int32`, `bool` or packed fields.
struct ScalarsMessage: ProtobufMessage {
    static let protoMessageName = "facteur.test.Scalars"

    static let fields: [ProtobufField<ScalarsMessage>] = [
        .scalar(1, "int32_value", \.int32Value),
        .scalar(2, "int64_value", \.int64Value),
        .scalar(3, "uint32_value", \.uint32Value),
        .scalar(4, "uint64_value", \.uint64Value),
        .scalar(5, "bool_value", \.boolValue),
        .repeatedScalar(6, "packed_int32", \.packedInt32),
        .optionalScalar(7, "optional_int32", \.optionalInt32),
        .repeatedScalar(8, "packed_int64", \.packedInt64),
    ]

    var int32Value: Int32 = 0
    var int64Value: Int64 = 0
    var uint32Value: UInt32 = 0
    var uint64Value: UInt64 = 0
    var boolValue = false
    var packedInt32: [Int32] = []
    var optionalInt32: Int32?
    var packedInt64: [Int64] = []
}
