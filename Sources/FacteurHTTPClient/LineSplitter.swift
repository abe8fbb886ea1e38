import Foundation

/// Cuts a byte stream into newline-terminated lines, as Kubernetes watch streams send one
/// JSON event per line; a trailing CR is dropped so CRLF senders work too.
struct LineSplitter {
    /// Received bytes; those before `lineStart` were already returned.
    private var pending = Data()

    /// Offset from `pending.startIndex` of the first byte not yet returned.
    private var lineStart = 0

    /// Offset up to which `pending` is known to hold no newline.
    private var scanned = 0

    /// The bytes held that do not yet end in a newline.
    var pendingCount: Int { pending.count - lineStart }

    /// Adds received bytes.
    mutating func append(_ chunk: Data) {
        pending.append(chunk)
    }

    /// Removes and returns the next complete line, without its terminator.
    mutating func nextLine() -> Data? {
        let base = pending.startIndex
        guard let newline = pending[(base + scanned)...].firstIndex(of: UInt8(ascii: "\n")) else {
            scanned = pending.count
            compact()
            return nil
        }
        let line = Self.droppingCarriageReturn(pending[(base + lineStart)..<newline])
        lineStart = newline - base + 1
        scanned = lineStart
        return line
    }

    /// Returns what is left once the stream has ended, if anything: a last line without
    /// a newline.
    mutating func finish() -> Data? {
        let rest = pending[(pending.startIndex + lineStart)...]
        pending = Data()
        lineStart = 0
        scanned = 0
        return rest.isEmpty ? nil : Self.droppingCarriageReturn(rest)
    }

    /// Drops returned bytes once no complete line is left, so memory tracks the open line.
    private mutating func compact() {
        guard lineStart > 0 else { return }
        pending = Data(pending[(pending.startIndex + lineStart)...])
        scanned -= lineStart
        lineStart = 0
    }

    private static func droppingCarriageReturn(_ line: Data.SubSequence) -> Data {
        if line.last == UInt8(ascii: "\r") {
            return Data(line.dropLast())
        }
        return Data(line)
    }
}
