import FacteurCore
@testable import FacteurRedis
import FacteurTestSupport
import Testing

@Suite("Reconnect backoff and gate")
struct RedisReconnectGateTests {
    let backoff = RedisReconnectBackoff(initialDelay: .milliseconds(100), maximumDelay: .seconds(3))
    let refused = KeyValueStoreError(code: .unavailable, message: "cannot connect to Redis at 127.0.0.1:1: refused")

    @Test(
        "The delay doubles per failure up to the cap, before jitter",
        arguments: [
            (1, Duration.milliseconds(100)),
            (2, .milliseconds(200)),
            (3, .milliseconds(400)),
            (5, .milliseconds(1600)),
            (6, .seconds(3)),
            (1000, .seconds(3)),
        ]
    )
    func exponentialDelay(failures: Int, expected: Duration) {
        #expect(backoff.delay(afterFailures: failures, jitter: 1) == expected)
    }

    @Test("Jitter keeps the delay between half and all of the capped delay")
    func jitterBounds() {
        #expect(backoff.delay(afterFailures: 3, jitter: 0) == .milliseconds(200))
        #expect(backoff.delay(afterFailures: 3, jitter: 0.5) == .milliseconds(300))
        #expect(backoff.delay(afterFailures: 3, jitter: 7) == .milliseconds(400))
        #expect(backoff.delay(afterFailures: 0, jitter: 1) == .zero)
    }

    @Test("A healthy gate lets every thread connect")
    func healthy() {
        let gate = RedisReconnectGate(backoff: backoff, now: ManualClock().now, jitter: { 1 })

        #expect(gate.requestAttempt() == .attempt)
        #expect(gate.requestAttempt() == .attempt)
    }

    @Test("After a failure, attempts are refused with the last error until the backoff passes")
    func refusesDuringBackoff() throws {
        let clock = ManualClock()
        let gate = RedisReconnectGate(backoff: backoff, now: clock.now, jitter: { 1 })

        let (failures, delay) = gate.recordFailure(refused)
        #expect(failures == 1)
        #expect(delay == .milliseconds(100))

        clock.advance(by: .milliseconds(99))
        guard case .refuse(let error) = gate.requestAttempt() else {
            Issue.record("an attempt was allowed during the backoff")
            return
        }
        #expect(error.code == .unavailable)
        #expect(error.message.hasPrefix(refused.message))
        #expect(error.message.contains("next reconnect attempt in 1 ms"))

        clock.advance(by: .milliseconds(1))
        #expect(gate.requestAttempt() == .attempt)
    }

    @Test("Once the backoff passes, a single probe runs while other threads keep failing fast")
    func singleProbe() {
        let clock = ManualClock()
        let gate = RedisReconnectGate(backoff: backoff, now: clock.now, jitter: { 1 })
        gate.recordFailure(refused)
        clock.advance(by: .seconds(1))

        #expect(gate.requestAttempt() == .attempt)
        #expect(gate.requestAttempt() != .attempt)

        gate.recordFailure(refused)
        clock.advance(by: .milliseconds(199))
        #expect(gate.requestAttempt() != .attempt)
        clock.advance(by: .milliseconds(1))
        #expect(gate.requestAttempt() == .attempt)
    }

    @Test("A success ends the outage and reports how many attempts had failed")
    func recovery() {
        let clock = ManualClock()
        let gate = RedisReconnectGate(backoff: backoff, now: clock.now, jitter: { 0 })
        gate.recordFailure(refused)
        gate.recordFailure(refused)

        #expect(gate.recordSuccess() == 2)
        #expect(gate.requestAttempt() == .attempt)
        #expect(gate.requestAttempt() == .attempt)
        #expect(gate.recordSuccess() == 0)
    }

    @Test("An authentication failure keeps its code while attempts are refused")
    func keepsCode() {
        let gate = RedisReconnectGate(backoff: backoff, now: ManualClock().now, jitter: { 1 })
        gate.recordFailure(KeyValueStoreError(code: .authenticationFailed, message: "WRONGPASS"))

        guard case .refuse(let error) = gate.requestAttempt() else {
            Issue.record("an attempt was allowed during the backoff")
            return
        }
        #expect(error.code == .authenticationFailed)
    }
}
