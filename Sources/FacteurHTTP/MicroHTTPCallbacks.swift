#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CMicroHTTPD

/// The C entry points libmicrohttpd calls. Each recovers the `RequestDispatcher` from its
/// closure pointer (retained by `MicroHTTPDaemon` for the daemon's life) and forwards.
///
/// A request's `RequestContext` crosses into C as `*con_cls`: retained once when the
/// request line arrives (`requestStarted`) and released once when libmicrohttpd reports
/// the request finished (`requestCompleted`). libmicrohttpd calls the second for every
/// request it called the first for (connection.c sets `client_aware` with the URI
/// callback), including requests cut short by a disconnect or by MHD_stop_daemon.
enum MicroHTTPCallbacks {
    static var requestStarted: @convention(c) (
        UnsafeMutableRawPointer?,
        UnsafePointer<CChar>?,
        OpaquePointer?
    ) -> UnsafeMutableRawPointer? {
        { closure, uri, _ in
            let dispatcher = Unmanaged<RequestDispatcher>.fromOpaque(closure!).takeUnretainedValue()
            let context = dispatcher.requestStarted(target: uri.map { String(cString: $0) } ?? "")
            // Retain for libmicrohttpd's `*con_cls`; released in `requestCompleted`.
            return Unmanaged.passRetained(context).toOpaque()
        }
    }

    static var requestCompleted: @convention(c) (
        UnsafeMutableRawPointer?,
        OpaquePointer?,
        UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
        MHD_RequestTerminationCode
    ) -> Void {
        { closure, _, slot, _ in
            guard let slot, let pointer = slot.pointee else { return }
            slot.pointee = nil
            // Balances `passRetained` in `requestStarted`.
            let context = Unmanaged<RequestContext>.fromOpaque(pointer).takeRetainedValue()
            let dispatcher = Unmanaged<RequestDispatcher>.fromOpaque(closure!).takeUnretainedValue()
            dispatcher.requestCompleted(context)
        }
    }

    static var accessHandler: MHD_AccessHandlerCallback {
        { closure, connection, url, method, _, upload, uploadSize, slot in
            guard let closure, let connection, let url, let method, let uploadSize,
                  let slot, let pointer = slot.pointee else {
                return MHD_Result.NO
            }
            let dispatcher = Unmanaged<RequestDispatcher>.fromOpaque(closure).takeUnretainedValue()
            let context = Unmanaged<RequestContext>.fromOpaque(pointer).takeUnretainedValue()

            let count = uploadSize.pointee
            let bytes = UnsafeRawBufferPointer(start: count > 0 ? upload : nil, count: count)
            let result = dispatcher.handle(
                connection: connection,
                url: url,
                method: method,
                upload: bytes,
                context: context
            )
            // Every byte handed over is consumed, stored or discarded (413).
            uploadSize.pointee = 0
            return result
        }
    }

    /// libmicrohttpd's diagnostics, formatted here so they reach the structured log.
    static var log: MHD_LogCallback {
        { closure, format, arguments in
            guard let closure, let format else { return }
            var buffer = [CChar](repeating: 0, count: 512)
            guard let arguments else { return }
            _ = vsnprintf(&buffer, buffer.count, format, arguments)
            var message = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            while message.last?.isNewline == true {
                message.removeLast()
            }
            let dispatcher = Unmanaged<RequestDispatcher>.fromOpaque(closure).takeUnretainedValue()
            dispatcher.logger.warning("libmicrohttpd reported a problem", metadata: ["mhd.message": "\(message)"])
        }
    }
}
