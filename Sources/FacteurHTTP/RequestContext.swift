import CMicroHTTPD
import Synchronization

/// The state of one request, shared by libmicrohttpd's thread, the handler task and
/// shutdown. Every transition happens under one lock, and that lock is held across
/// MHD_suspend_connection and MHD_resume_connection, so a connection is resumed exactly
/// once and never after the daemon has let it go.
///
/// Lock order: this lock, then libmicrohttpd's per-daemon cleanup mutex (taken inside
/// suspend and resume). libmicrohttpd releases that mutex before it calls the access
/// handler or the completion callback (daemon.c, resume_suspended_connections and
/// close_all_connections), so the opposite order never occurs.
final class RequestContext: Sendable {
    /// A suspended connection's handle, carried from libmicrohttpd's thread to the handler
    /// task and to shutdown. `@unchecked Sendable` because the pointer is never dereferenced
    /// in Swift; it is only passed to MHD_resume_connection, under the context's lock,
    /// once, and libmicrohttpd keeps a suspended connection alive until it is resumed.
    struct Connection: @unchecked Sendable {
        let pointer: OpaquePointer
    }

    /// Where the request is in its life.
    enum Phase {
        /// Headers and body are arriving; only libmicrohttpd's thread touches the request.
        case receiving
        /// The handler task runs; the connection is suspended and waits for it.
        case suspended(Connection)
        /// The handler answered and the connection was resumed to send the answer.
        case responded(HTTPResponse)
        /// Shutdown gave up on the request: it is answered 503 if it still can be, and a
        /// handler that finishes later is ignored.
        case abandoned
        /// A response has been queued.
        case answered
    }

    /// What libmicrohttpd's next callback for this request should do.
    enum Step {
        case firstCall
        case keepReading
        case dispatch(body: [UInt8])
        case rejectTooLarge
        case send(HTTPResponse)
        case refuseShuttingDown
    }

    struct State {
        var phase = Phase.receiving
        var hasStarted = false
        var body: [UInt8] = []
        var isBodyTooLarge = false
        var isRegistered = false
        var handlerTask: Task<Void, Never>?
    }

    /// The request target as sent (path and query, still encoded), from
    /// MHD_OPTION_URI_LOG_CALLBACK.
    let target: String

    private let state = Mutex(State())

    init(target: String) {
        self.target = target
    }

    /// Advances the request by one access-handler callback; body bytes beyond
    /// `maxBodyBytes` are counted as too large and dropped, never stored.
    func step(upload: UnsafeRawBufferPointer, maxBodyBytes: Int) -> Step {
        state.withLock { state in
            guard state.hasStarted else {
                state.hasStarted = true
                return .firstCall
            }
            if !upload.isEmpty {
                if case .receiving = state.phase, !state.isBodyTooLarge {
                    if state.body.count + upload.count > maxBodyBytes {
                        state.isBodyTooLarge = true
                        state.body = []
                    } else {
                        state.body.append(contentsOf: upload)
                    }
                }
                return .keepReading
            }
            switch state.phase {
            case .receiving:
                if state.isBodyTooLarge {
                    state.phase = .answered
                    return .rejectTooLarge
                }
                let body = state.body
                state.body = []
                return .dispatch(body: body)
            case .responded(let response):
                state.phase = .answered
                return .send(response)
            case .abandoned:
                state.phase = .answered
                return .refuseShuttingDown
            case .suspended, .answered:
                return .keepReading
            }
        }
    }

    /// Records that a response was queued outside `step`, on the first callback.
    func markAnswered() {
        state.withLock { $0.phase = .answered }
    }

    /// Suspends the connection for the handler; false when shutdown abandoned the request
    /// first, in which case the caller answers 503 instead.
    func suspend(_ connection: OpaquePointer) -> Bool {
        let handle = Connection(pointer: connection)
        return state.withLock { state in
            guard case .receiving = state.phase else { return false }
            state.phase = .suspended(handle)
            MHD_suspend_connection(handle.pointer)
            return true
        }
    }

    /// Keeps the handler task so that shutdown can cancel it.
    func attach(_ task: Task<Void, Never>) {
        state.withLock { $0.handlerTask = task }
    }

    /// Hands the handler's response over and wakes the connection; a request already
    /// abandoned by shutdown drops it, since its connection may be gone.
    func complete(with response: HTTPResponse) {
        state.withLock { state in
            guard case .suspended(let connection) = state.phase else { return }
            state.phase = .responded(response)
            state.handlerTask = nil
            MHD_resume_connection(connection.pointer)
        }
    }

    /// Gives up on the request during shutdown: a suspended connection is resumed to send
    /// 503, a request still receiving will never be suspended. Returns the handler task
    /// to cancel, if one runs.
    func abandon() -> Task<Void, Never>? {
        state.withLock { state in
            switch state.phase {
            case .suspended(let connection):
                state.phase = .abandoned
                MHD_resume_connection(connection.pointer)
            case .receiving:
                state.phase = .abandoned
            case .responded, .abandoned, .answered:
                break
            }
            let task = state.handlerTask
            state.handlerTask = nil
            return task
        }
    }

    /// Marks the request as known to shutdown's registry; read when it completes.
    func markRegistered() {
        state.withLock { $0.isRegistered = true }
    }

    var isRegistered: Bool {
        state.withLock { $0.isRegistered }
    }
}
