import CFuzzerDriver
import FacteurContracts
import Foundation

// `FacteurFuzz --write-seeds DIR` writes the seed corpus; anything else goes to libFuzzer.
let arguments = CommandLine.arguments
if arguments.count == 3, arguments[1] == "--write-seeds" {
    try Seeds.write(to: URL(fileURLWithPath: arguments[2]))
    exit(0)
}

var argumentCount = CommandLine.argc
var argumentVector: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
let status = LLVMFuzzerRunDriver(&argumentCount, &argumentVector) { data, size in
    let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    RoundTrip.checkBinary(CommandEvent.self, bytes)
    RoundTrip.checkBinary(CodexTask.self, bytes)
    RoundTrip.checkJSON(CommandEvent.self, bytes)
    RoundTrip.checkJSON(CodexTask.self, bytes)
    return 0
}
exit(status)
