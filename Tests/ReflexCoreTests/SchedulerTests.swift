import XCTest
@testable import ReflexCore

final class SchedulerTests: XCTestCase {
    func testFiresByDeadlineThenCreationOrder() {
        var s = Scheduler<String>()
        s.schedule(at: 20, "c")
        s.schedule(at: 10, "a")
        s.schedule(at: 20, "d")
        s.schedule(at: 10, "b")
        XCTAssertEqual(s.nextDeadline, 10)
        var fired: [String] = []
        while let due = s.popDue(at: 100) { fired.append(due.payload) }
        XCTAssertEqual(fired, ["a", "b", "c", "d"])
        XCTAssertNil(s.nextDeadline)
    }

    func testNothingFiresBeforeItsDeadline() {
        var s = Scheduler<Int>()
        s.schedule(at: 70_000, 1)
        XCTAssertNil(s.popDue(at: 69_999), "a timer for 1m10s must not fire at 1m9.999s")
        XCTAssertEqual(s.popDue(at: 70_000)?.payload, 1)
    }

    func testCancelRemovesExactlyThatTimer() {
        var s = Scheduler<Int>()
        let a = s.schedule(at: 5, 1)
        let b = s.schedule(at: 5, 2)
        s.schedule(at: 6, 3)
        XCTAssertEqual(s.cancel(a), 1)
        XCTAssertNil(s.cancel(a), "cancelling twice does nothing")
        XCTAssertFalse(s.isPending(a))
        XCTAssertTrue(s.isPending(b))
        XCTAssertEqual(s.popDue(at: 10)?.payload, 2)
        XCTAssertNil(s.cancel(b), "a fired timer cannot be cancelled")
        XCTAssertEqual(s.popDue(at: 10)?.payload, 3)
    }

    func testAReusedSlotDoesNotAnswerToAnOldHandle() {
        var s = Scheduler<Int>()
        let old = s.schedule(at: 1, 1)
        XCTAssertEqual(s.popDue(at: 1)?.payload, 1)
        let new = s.schedule(at: 2, 2)
        XCTAssertNil(s.cancel(old))
        XCTAssertTrue(s.isPending(new))
        XCTAssertEqual(s.deadline(of: new), 2)
    }

    /// Random schedules and cancels against a sorted-list model: same order, every time.
    func testMatchesAReferenceModel() {
        var state: UInt64 = 42
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        var s = Scheduler<Int>()
        var model: [(deadline: Int64, seq: Int, id: Int)] = []
        var handles: [Int: Scheduler<Int>.Handle] = [:]
        var seq = 0
        var now: Int64 = 0
        for id in 0..<20_000 {
            switch next() % 4 {
            case 0, 1:
                let deadline = now + Int64(next() % 50)
                seq += 1
                handles[id] = s.schedule(at: deadline, id)
                model.append((deadline, seq, id))
            case 2:
                if let victim = model.randomElementSeeded(next()) {
                    XCTAssertEqual(s.cancel(handles[victim.id]!), victim.id)
                    model.removeAll { $0.id == victim.id }
                }
            default:
                now += Int64(next() % 10)
                model.sort { ($0.deadline, $0.seq) < ($1.deadline, $1.seq) }
                while let first = model.first, first.deadline <= now {
                    XCTAssertEqual(s.popDue(at: now)?.payload, first.id)
                    model.removeFirst()
                }
                XCTAssertNil(s.popDue(at: now))
            }
            XCTAssertEqual(s.count, model.count)
        }
    }
}

extension SchedulerTests {
    func testRescheduleIsCancelAndScheduleAgain() {
        var s = Scheduler<String>()
        let a = s.schedule(at: 10, "a")
        s.schedule(at: 20, "b")
        s.schedule(at: 30, "c")
        s.reschedule(a, at: 30)  // later: after c, which was created before the move
        XCTAssertEqual(s.nextDeadline, 20, "the top is never a moved timer's old deadline")
        XCTAssertEqual(s.deadline(of: a), 30)
        let d = s.schedule(at: 30, "d")
        s.reschedule(d, at: 5)  // earlier
        var fired: [String] = []
        while let due = s.popDue(at: 100) { fired.append(due.payload) }
        XCTAssertEqual(fired, ["d", "b", "c", "a"])
        XCTAssertFalse(s.isPending(a))
    }

    /// Random schedules, cancels and reschedules against a model where rescheduling is cancelling and
    /// scheduling again: the same order, and the same next deadline, every time.
    func testRescheduleMatchesAReferenceModel() {
        var state: UInt64 = 7
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        var s = Scheduler<Int>()
        var model: [(deadline: Int64, seq: Int, id: Int)] = []
        var handles: [Int: Scheduler<Int>.Handle] = [:]
        var seq = 0
        var now: Int64 = 0
        for id in 0..<20_000 {
            switch next() % 6 {
            case 0, 1:
                let deadline = now + Int64(next() % 50)
                seq += 1
                handles[id] = s.schedule(at: deadline, id)
                model.append((deadline, seq, id))
            case 2:
                if let victim = model.randomElementSeeded(next()) {
                    XCTAssertEqual(s.cancel(handles[victim.id]!), victim.id)
                    model.removeAll { $0.id == victim.id }
                }
            case 3, 4:
                if let moved = model.randomElementSeeded(next()) {
                    // Mostly later (a stale limit pushed back), sometimes earlier.
                    let deadline = next() % 5 == 0 ? now + Int64(next() % 20) : moved.deadline + Int64(next() % 30)
                    seq += 1
                    s.reschedule(handles[moved.id]!, at: deadline)
                    model.removeAll { $0.id == moved.id }
                    model.append((deadline, seq, moved.id))
                    XCTAssertEqual(s.deadline(of: handles[moved.id]!), deadline)
                }
            default:
                now += Int64(next() % 10)
                model.sort { ($0.deadline, $0.seq) < ($1.deadline, $1.seq) }
                while let first = model.first, first.deadline <= now {
                    XCTAssertEqual(s.popDue(at: now)?.payload, first.id)
                    model.removeFirst()
                }
                XCTAssertNil(s.popDue(at: now))
            }
            XCTAssertEqual(s.count, model.count)
            XCTAssertEqual(s.nextDeadline, model.map(\.deadline).min())
        }
    }
}

extension Array {
    fileprivate func randomElementSeeded(_ r: UInt64) -> Element? {
        isEmpty ? nil : self[Int(r % UInt64(count))]
    }
}
