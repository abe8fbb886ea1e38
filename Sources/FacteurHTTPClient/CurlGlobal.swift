import CCurl

/// libcurl's process-wide initialisation, run exactly once however many clients exist.
enum CurlGlobal {
    /// curl_global_init(3) must run once before any other libcurl call and is never undone;
    /// a `static let` gives the once-only, thread-safe evaluation.
    private static let initializationResult: CURLcode = curl_global_init(facteur_curl_global_default())

    /// Initialises libcurl on first use and reports whether that succeeded.
    static func initialize() -> CURLcode {
        initializationResult
    }
}
