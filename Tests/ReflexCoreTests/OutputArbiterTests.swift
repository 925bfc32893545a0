import XCTest
@testable import ReflexCore

final class OutputArbiterTests: XCTestCase {
    func testInitialThenWrittenThenHeld() {
        var vent = OutputArbiter(initial: .number(0))
        XCTAssertEqual(vent.decided, .number(0), "nothing written, no hold: initial")
        vent.write(.number(40))
        XCTAssertEqual(vent.decided, .number(40), "a set wins over initial")
        vent.hold(rule: 3, priority: 0, value: .number(100))
        XCTAssertEqual(vent.decided, .number(100), "a hold wins over a set")
        vent.write(.number(20))
        XCTAssertEqual(vent.decided, .number(100), "a set under a hold does not show")
        vent.release(rule: 3)
        XCTAssertEqual(vent.decided, .number(20), "released: the last set shows again")
    }

    func testHighestPriorityWinsAndTiesGoToTheRuleWrittenFirst() {
        var fan = OutputArbiter(initial: .bool(false))
        fan.hold(rule: 5, priority: 0, value: .bool(true))
        fan.hold(rule: 2, priority: 0, value: .bool(false))
        XCTAssertEqual(fan.holder, 2, "equal priorities: the rule written first (lower index) wins")
        fan.hold(rule: 9, priority: 10, value: .bool(true))
        XCTAssertEqual(fan.holder, 9)
        XCTAssertEqual(fan.decided, .bool(true))
        fan.hold(rule: 9, priority: 10, value: .bool(false))
        XCTAssertEqual(fan.decided, .bool(false), "a hold's value follows its expression")
        fan.release(rule: 9)
        XCTAssertEqual(fan.holder, 2)
        fan.release(rule: 2)
        fan.release(rule: 5)
        XCTAssertEqual(fan.decided, .bool(false), "no hold, nothing written: initial")
    }

    func testPulseRestoresNoneSoThatInitialShows() {
        var siren = OutputArbiter(initial: .bool(false))
        siren.startPulse(.bool(true))
        XCTAssertEqual(siren.decided, .bool(true))
        siren.endPulse()
        XCTAssertEqual(siren.written, .none, "nothing was written before the pulse")
        XCTAssertEqual(siren.decided, .bool(false))
    }

    func testPulseRestoresTheWrittenValueBeforeIt() {
        var lamp = OutputArbiter(initial: .bool(false))
        lamp.write(.bool(true))
        lamp.startPulse(.bool(false))
        lamp.endPulse()
        XCTAssertEqual(lamp.decided, .bool(true))
    }

    func testAWriteDuringThePulseIsKept() {
        var lamp = OutputArbiter(initial: .bool(false))
        lamp.startPulse(.bool(true))
        lamp.write(.bool(true))
        lamp.endPulse()
        XCTAssertEqual(lamp.written, .bool(true), "something else wrote it since: no restore")
    }

    func testASecondPulseKeepsTheFirstRestoreValue() {
        var vent = OutputArbiter(initial: .number(0))
        vent.write(.number(10))
        vent.startPulse(.number(50))
        vent.startPulse(.number(80))
        XCTAssertEqual(vent.decided, .number(80))
        vent.endPulse()
        XCTAssertEqual(vent.decided, .number(10), "restores what was written before the first pulse")
    }

    func testAPulseUnderAHoldShowsOnlyOnceTheHoldIsGone() {
        var fan = OutputArbiter(initial: .bool(false))
        fan.hold(rule: 0, priority: 0, value: .bool(false))
        fan.startPulse(.bool(true))
        XCTAssertEqual(fan.decided, .bool(false), "the hold still decides")
        fan.release(rule: 0)
        XCTAssertEqual(fan.decided, .bool(true), "the pulse's write shows once the hold is released")
        fan.endPulse()
        XCTAssertEqual(fan.decided, .bool(false))
    }
}
