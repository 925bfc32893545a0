import XCTest
@testable import ReflexCore

final class ChangeLimiterTests: XCTestCase {
    func testTheFirstChangeDrivesAtOnce() {
        var pump = ChangeLimiter(interval: 30_000, driven: .bool(false))
        XCTAssertEqual(pump.request(.bool(true), at: 5), .bool(true), "applying initial is not a change")
        XCTAssertEqual(pump.driven, .bool(true))
    }

    func testAChangeWithinTheIntervalWaitsAndTheLatestWins() {
        var vent = ChangeLimiter(interval: 30_000, driven: .number(0))
        XCTAssertEqual(vent.request(.number(50), at: 1_000), .number(50))
        XCTAssertNil(vent.request(.number(70), at: 10_000))
        XCTAssertNil(vent.request(.number(90), at: 20_000))
        XCTAssertEqual(vent.deadline, 31_000)
        XCTAssertNil(vent.expire(at: 30_999), "not a millisecond early")
        XCTAssertEqual(vent.expire(at: 31_000), .number(90), "the latest value wins when the interval ends")
        XCTAssertEqual(vent.deadline, nil)
        XCTAssertNil(vent.request(.number(10), at: 40_000), "a new interval runs from 31s")
        XCTAssertEqual(vent.deadline, 61_000)
    }

    func testGoingBackToTheDrivenValueCancelsTheWait() {
        var pump = ChangeLimiter(interval: 10_000, driven: .bool(false))
        _ = pump.request(.bool(true), at: 0)
        XCTAssertNil(pump.request(.bool(false), at: 2_000))
        XCTAssertNil(pump.request(.bool(true), at: 3_000), "back to what is driven: nothing waits")
        XCTAssertNil(pump.deadline)
        XCTAssertNil(pump.expire(at: 10_000))
        XCTAssertEqual(pump.driven, .bool(true))
    }

    func testTheSameValueDrivesNothing() {
        var fan = ChangeLimiter(interval: 0, driven: .bool(true))
        XCTAssertNil(fan.request(.bool(true), at: 0))
        XCTAssertEqual(fan.request(.bool(false), at: 0), .bool(false))
        XCTAssertEqual(fan.request(.bool(true), at: 0), .bool(true), "no interval: every change at once")
    }
}
