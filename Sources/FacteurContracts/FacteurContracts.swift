// Callers of the contracts need the wire-format API (`serializedBytes()`, `jsonString()`,
// the error types) without naming the library that provides it.
@_exported import FacteurProtobuf
