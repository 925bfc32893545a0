import ReflexRuntime
import XCTest

/// The retry schedule and how webhook answers are classified, without a network.
final class NotificationRetryTests: XCTestCase {
    func testWaitsDoubleFromOneSecondToFiveMinutesWithinTheJitter() {
        var generator = SystemRandomNumberGenerator()
        let retry = Backoff.notifications
        let bases: [Int64] = [1000, 2000, 4000, 8000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000, 300_000]
        for (index, base) in bases.enumerated() {
            for _ in 0..<20 {
                let delay = retry.delay(afterAttempts: index + 1, using: &generator)
                XCTAssertGreaterThanOrEqual(delay, base * 8 / 10, "attempt \(index + 1)")
                XCTAssertLessThanOrEqual(delay, base * 12 / 10, "attempt \(index + 1)")
            }
        }
        XCTAssertEqual(retry.delay(afterAttempts: 1_000, using: &generator) <= 360_000, true, "no overflow")
    }

    func testStatusesAreDeliveredRetriedOrRefused() {
        XCTAssertEqual(WebhookOutcome.of(status: 200, retryAfter: nil), .delivered(status: 200))
        XCTAssertEqual(WebhookOutcome.of(status: 204, retryAfter: nil), .delivered(status: 204))
        XCTAssertEqual(WebhookOutcome.of(status: 429, retryAfter: 7), .retry(reason: "HTTP 429", retryAfter: 7))
        XCTAssertEqual(WebhookOutcome.of(status: 503, retryAfter: 7), .retry(reason: "HTTP 503", retryAfter: nil))
        XCTAssertEqual(WebhookOutcome.of(status: 400, retryAfter: nil), .refused(reason: "HTTP 400"))
        XCTAssertEqual(WebhookOutcome.of(status: 404, retryAfter: nil), .refused(reason: "HTTP 404"))
        XCTAssertEqual(WebhookOutcome.of(status: 301, retryAfter: nil), .refused(reason: "HTTP 301"))
    }
}
