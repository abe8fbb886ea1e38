import FacteurCore

extension WorkflowGatewayError {
    /// Classifies a Kubernetes failure for the pipeline: a final API answer is a rejection
    /// (SPEC section 3 turns it into 422), anything that might pass is unavailability (503).
    init(_ error: KubernetesError) {
        let code: Code
        switch error.code {
        case .rejected, .credentials: code = .rejected
        case .invalidResponse: code = .invalidResponse
        case .cancelled: code = .cancelled
        default: code = .unavailable
        }
        self.init(
            code: code,
            message: error.message,
            httpStatus: error.httpStatus,
            reason: error.reason,
            retryAfter: error.retryAfter
        )
    }

    static var cancelled: WorkflowGatewayError {
        WorkflowGatewayError(code: .cancelled, message: "the caller was cancelled")
    }
}
