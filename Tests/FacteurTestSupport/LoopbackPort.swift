import Foundation

/// Free TCP ports on 127.0.0.1, for servers that must be told their port up front (and keep
/// it across a restart) instead of choosing one themselves.
public enum LoopbackPort {
    /// A port the kernel just handed out for 127.0.0.1, released for the caller to take.
    /// Another process may take it first; callers retry on a failed start.
    public static func free() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else {
            throw TestSupportFailure("socket() failed: errno \(errno)")
        }
        defer { close(descriptor) }

        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(descriptor, address, length) == 0 && getsockname(descriptor, address, &length) == 0
            }
        }
        guard bound else {
            throw TestSupportFailure("bind() failed: errno \(errno)")
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
