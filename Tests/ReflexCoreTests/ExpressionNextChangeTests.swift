import XCTest

@testable import ReflexCore

/// When time alone changes a value: exact instants for comparisons with `.age`/`.since`, clock turnovers,
/// `time_between` boundaries and offset changes.
final class ExpressionNextChangeTests: ExpressionTestCase {
    /// 2026-07-01T14:00:00 local (+02:00); temp updated 90 s ago and changed 10 min ago; door off 1 s ago.
    private var context: TestContext {
        var context = TestContext.standard
        context.updates[0] = context.now - 90_000
        context.changes[0] = context.now - 600_000
        context.values[1] = .bool(false)
        context.updates[1] = context.now - 1_000
        return context
    }

    /// Milliseconds from now to the next change, checking that the value really changes there and not before.
    private func delay(
        _ text: String, in context: TestContext? = nil, file: StaticString = #filePath, line: UInt = #line
    )
        -> Int64?
    {
        let context = context ?? self.context
        guard let expression = compile(text, file: file, line: line) else { return nil }
        var evaluator = ExpressionEvaluator()
        guard let instant = evaluator.nextChange(expression, in: context) else { return nil }
        let before = evaluator.evaluate(expression, in: context)
        var earlier = context
        earlier.now = instant - 1
        XCTAssertEqual(evaluator.evaluate(expression, in: earlier), before, "changed early", file: file, line: line)
        return instant - context.now
    }

    func testComparisonsWithAgeAndSinceAreExact() {
        XCTAssertEqual(delay("temp.age > 5m"), 210_001)
        XCTAssertEqual(delay("temp.age >= 5m"), 210_000)
        XCTAssertEqual(delay("temp.age < 5m"), 210_000)
        XCTAssertEqual(delay("temp.age <= 5m"), 210_001)
        XCTAssertEqual(delay("5m < temp.age"), 210_001)
        XCTAssertEqual(delay("temp.age == 2m"), 30_000)
        XCTAssertEqual(delay("temp.age in [2m, 3m]"), 30_000)
        XCTAssertEqual(delay("temp.since > 11m"), 60_001)
        XCTAssertEqual(delay("temp.age / 1s > 100"), 10_001)
        XCTAssertEqual(delay("temp.age * 2 >= 4m"), 30_000)
        XCTAssertEqual(delay("-temp.age < -2m"), 30_001)
        XCTAssertEqual(delay("temp.age - door.age > 100s"), nil)  // both grow alike
        XCTAssertEqual(delay("temp.age > door.age"), nil)
        XCTAssertEqual(delay("temp.since - temp.age > 1m"), nil)
    }

    func testNothingToWaitFor() {
        XCTAssertNil(delay("temp > 30"))
        XCTAssertNil(delay("temp.since > 5m"))  // already true, and stays so
        XCTAssertNil(delay("humidity.age > 1m", in: neverUpdated()))
        XCTAssertNil(delay("avg(temp, 10m) > 3"))
        XCTAssertNil(delay("temp.stale"))
        XCTAssertNil(delay("now == now"))
    }

    private func neverUpdated() -> TestContext {
        var context = self.context
        context.updates[4] = nil
        return context
    }

    func testShortCircuitOnlyWaitsForWhatDecides() {
        XCTAssertNil(delay("temp.age > 5m and door"))  // door is off: time alone cannot make it true
        XCTAssertEqual(delay("temp.age > 5m and not door"), 210_001)
        XCTAssertNil(delay("door and temp.age > 5m"))
        XCTAssertEqual(delay("door or temp.age > 2m"), 30_001)
    }

    func testFunctionsOfTime() {
        XCTAssertEqual(delay("min(temp.age, 10m) > 2m"), 30_001)
        XCTAssertEqual(delay("max(temp.age, 10m) > 10m"), 510_001)
        XCTAssertEqual(delay("clamp(temp.age, 1m, 3m) == 3m"), 90_000)
        XCTAssertEqual(delay("abs(temp.age - 2m) < 10s"), 20_001)
        XCTAssertEqual(delay("floor(temp.age / 1m) == 1"), 30_000)
        XCTAssertEqual(delay("ceil(temp.age / 1m) == 2"), 30_001)
        XCTAssertEqual(delay("round(temp.age / 1m) == 2"), 60_000)  // 1.5 already rounds to 2; 2.5 to 3
        XCTAssertEqual(delay("round(temp.age / 1m, 1) == 1.5"), 3_000)
        XCTAssertEqual(delay("round(-temp.age / 1m) == -2"), 60_000)
        XCTAssertEqual(delay("(temp.age / 1s) % 60 < 10"), 30_000)
        XCTAssertEqual(delay("(temp.age / 1s) % 60 > 30"), 1)
    }

    func testClockTurnovers() {
        XCTAssertEqual(delay("minute == 0"), 60_000)
        XCTAssertEqual(delay("hour >= 15"), 3_600_000)
        XCTAssertEqual(delay("weekday == 'thu'"), 10 * 3_600_000)
        XCTAssertEqual(delay("time_between(22:00, 06:00)"), 8 * 3_600_000)
        XCTAssertEqual(delay("time_between(08:00, 14:00)"), 18 * 3_600_000)
        XCTAssertEqual(delay("time_between(14:00, 15:00)"), 3_600_000)
        XCTAssertNil(delay("time_between(14:00, 14:00)"))
    }

    func testOffsetChangesMoveTheClock() {
        var shifted = context
        shifted.offsetChange = (shifted.now + 1_800_000, 3600)  // at 14:30 local the clocks go back to 13:30
        XCTAssertEqual(delay("hour == 14", in: shifted), 1_800_000)
        XCTAssertEqual(delay("time_between(13:00, 14:00)", in: shifted), 1_800_000)
    }

    /// Random expressions of time, checked millisecond by millisecond: the value never changes before the
    /// answer, with no answer it does not change at all, and almost all answers are exact.
    func testNeverLateOnRandomExpressions() {
        var generator = SeededGenerator(seed: 11)
        func number(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &generator) }
        let operators = ["<", "<=", ">", ">=", "==", "!="]
        var changed = 0
        var exact = 0
        for _ in 0..<150 {
            let op = operators[number(0...5)]
            let a = number(1...2_000)
            let b = number(1...2_000)
            let text: String
            switch number(0...7) {
            case 0: text = "temp.age \(op) \(a)ms"
            case 1: text = "temp.age / \(number(1...50))ms \(op) \(number(1...300))"
            case 2: text = "min(temp.age, \(a)ms) \(op) \(b)ms"
            case 3: text = "max(\(a)ms, temp.age - \(b)ms) \(op) \(number(1...3_000))ms"
            case 4: text = "floor(temp.age / \(number(1...500))ms) \(op) \(number(0...20))"
            case 5: text = "abs(temp.age - \(a)ms) \(op) \(b)ms"
            case 6: text = "round(temp.age / \(number(1...500))ms, \(number(0...1))) \(op) \(number(0...20))"
            default: text = "(temp.age / 1ms) % \(number(1...700)) \(op) \(number(0...700)) or temp.since < \(a)ms"
            }
            var start = context
            start.updates[0] = start.now - Int64(number(0...1_000))
            start.changes[0] = start.updates[0]
            guard let expression = compile(text) else { continue }
            var evaluator = ExpressionEvaluator()
            let initial = evaluator.evaluate(expression, in: start)
            let answer = evaluator.nextChange(expression, in: start).map { $0 - start.now }
            var firstChange: Int64?
            var probe = start
            for delta in Int64(1)...4_000 {
                probe.now = start.now + delta
                if evaluator.evaluate(expression, in: probe) != initial {
                    firstChange = delta
                    break
                }
            }
            if let firstChange {
                XCTAssertNotNil(answer, "\(text): changes after \(firstChange) ms, no answer")
                if let answer { XCTAssertLessThanOrEqual(answer, firstChange, "\(text): late") }
                changed += 1
                if answer == firstChange { exact += 1 }
            } else if let answer {
                XCTAssertGreaterThan(answer, 0, text)
            }
        }
        XCTAssertGreaterThan(changed, 75)
        // early only where more than 64 steps (of round(x, 1), say) pass before the value changes
        XCTAssertGreaterThan(exact, changed * 9 / 10)
    }
}
