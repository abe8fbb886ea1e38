/// Polls `condition` every 20 ms until it holds or `limit` passes, and returns whether it
/// held; tests wait on other processes this way so that no wait is unbounded.
public func eventually(
    within limit: Duration = .seconds(10),
    _ condition: () async throws -> Bool
) async rethrows -> Bool {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if try await condition() {
            return true
        }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}
