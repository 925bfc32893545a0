import ReflexRuntime
import XCTest

/// The wait between connection attempts: doubling from 1 s to 60 s, spread ±20 %, back to 1 s after a success.
final class ReconnectBackoffTests: XCTestCase {
    /// SplitMix64, so a failing case can be reproduced from its seed.
    private struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    func testWaitsDoubleToTheMaximumWithinTheJitter() {
        for seed in UInt64(1)...50 {
            var generator = SeededGenerator(state: seed)
            var backoff = ReconnectBackoff.standard
            let bases: [Int64] = [1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000]
            for base in bases {
                let delay = backoff.nextDelay(using: &generator)
                XCTAssertGreaterThanOrEqual(delay, base * 8 / 10, "seed \(seed), base \(base)")
                XCTAssertLessThanOrEqual(delay, base * 12 / 10, "seed \(seed), base \(base)")
            }
        }
    }

    func testJitterSpreadsTheWaits() {
        var generator = SeededGenerator(state: 42)
        let firsts = (0..<20).map { _ in
            var backoff = ReconnectBackoff.standard
            return backoff.nextDelay(using: &generator)
        }
        XCTAssertGreaterThan(Set(firsts).count, 10, "\(firsts)")
    }

    func testResetStartsAgainFromTheInitialWait() {
        var generator = SeededGenerator(state: 7)
        var backoff = ReconnectBackoff(initial: 100, maximum: 1000, jitter: 0)
        XCTAssertEqual((0..<5).map { _ in backoff.nextDelay(using: &generator) }, [100, 200, 400, 800, 1000])
        backoff.reset()
        XCTAssertEqual(backoff.nextDelay(using: &generator), 100)
    }
}
