import XCTest

@testable import ReflexCore

final class ExpressionEvaluationTests: ExpressionTestCase {
    func testLiterals() {
        XCTAssertEqual(evaluate("30"), .number(30))
        XCTAssertEqual(evaluate("0.5"), .number(0.5))
        XCTAssertEqual(evaluate("1e3"), .number(1000))
        XCTAssertEqual(evaluate("2.5E-1"), .number(0.25))
        XCTAssertEqual(evaluate("true"), .bool(true))
        XCTAssertEqual(evaluate("on"), .bool(true))
        XCTAssertEqual(evaluate("false"), .bool(false))
        XCTAssertEqual(evaluate("off"), .bool(false))
        XCTAssertEqual(evaluate(#""a \"b\" \\ c""#), .string(#"a "b" \ c"#))
        XCTAssertEqual(evaluate(#"'it\'s\n\t'"#), .string("it's\n\t"))
        XCTAssertEqual(evaluate(#"'say "hi"'"#), .string(#"say "hi""#))
        XCTAssertEqual(evaluate("250ms"), .duration(250))
        XCTAssertEqual(evaluate("5s"), .duration(5_000))
        XCTAssertEqual(evaluate("2m"), .duration(120_000))
        XCTAssertEqual(evaluate("1h"), .duration(3_600_000))
        XCTAssertEqual(evaluate("1d"), .duration(86_400_000))
        XCTAssertEqual(evaluate("1m30s"), .duration(90_000))
        XCTAssertEqual(evaluate("07:30"), .timeOfDay(27_000_000))
        XCTAssertEqual(evaluate("'°C ünïcode'"), .string("°C ünïcode"))
    }

    func testPrecedenceOfArithmetic() {
        XCTAssertEqual(evaluate("1 + 2 * 3"), .number(7))
        XCTAssertEqual(evaluate("(1 + 2) * 3"), .number(9))
        XCTAssertEqual(evaluate("10 - 4 - 3"), .number(3))  // left associative
        XCTAssertEqual(evaluate("100 / 10 / 5"), .number(2))
        XCTAssertEqual(evaluate("2 * 3 % 4"), .number(2))
        XCTAssertEqual(evaluate("7 % 4 * 2"), .number(6))
        XCTAssertEqual(evaluate("-2 * 3"), .number(-6))
        XCTAssertEqual(evaluate("- -2"), .number(2))
        XCTAssertEqual(evaluate("2 - -2"), .number(4))
        XCTAssertEqual(evaluate("1 + 2 * 3 - 4 / 2"), .number(5))
    }

    func testPrecedenceOfLogic() {
        // `or` is looser than `and`: true or (false and false)
        XCTAssertEqual(evaluate("true or false and false"), .bool(true))
        XCTAssertEqual(evaluate("(true or false) and false"), .bool(false))
        // `not` is looser than comparisons: not (1 == 2)
        XCTAssertEqual(evaluate("not 1 == 2"), .bool(true))
        // `not` is tighter than `and`: (not false) and false
        XCTAssertEqual(evaluate("not false and false"), .bool(false))
        XCTAssertEqual(evaluate("not not true"), .bool(true))
        // comparisons are looser than arithmetic
        XCTAssertEqual(evaluate("1 + 1 == 2"), .bool(true))
        XCTAssertEqual(evaluate("temp > 30 and door"), .bool(true))
        XCTAssertEqual(evaluate("temp > 40 or not armed"), .bool(true))
        XCTAssertEqual(evaluate("2 in [1, 2] and 3 in [3]"), .bool(true))
    }

    func testComparisons() {
        XCTAssertEqual(evaluate("temp == 31.5"), .bool(true))
        XCTAssertEqual(evaluate("temp != 31.5"), .bool(false))
        XCTAssertEqual(evaluate("temp < 31.5"), .bool(false))
        XCTAssertEqual(evaluate("temp <= 31.5"), .bool(true))
        XCTAssertEqual(evaluate("temp > 31"), .bool(true))
        XCTAssertEqual(evaluate("temp >= 32"), .bool(false))
        XCTAssertEqual(evaluate("mode == 'auto'"), .bool(true))
        XCTAssertEqual(evaluate("'abc' < 'abd'"), .bool(true))
        XCTAssertEqual(evaluate("90s > 1m"), .bool(true))
        XCTAssertEqual(evaluate("1m30s == 90s"), .bool(true))
        XCTAssertEqual(evaluate("07:30 < 22:00"), .bool(true))
        XCTAssertEqual(evaluate("door == on"), .bool(true))
        XCTAssertEqual(evaluate("door != true"), .bool(false))
        XCTAssertEqual(evaluate("now == now"), .bool(true))
    }

    func testMembership() {
        XCTAssertEqual(evaluate("mode in ['auto', 'eco']"), .bool(true))
        XCTAssertEqual(evaluate("mode in ['eco']"), .bool(false))
        XCTAssertEqual(evaluate("temp in [1, 31.5, 2]"), .bool(true))
        XCTAssertEqual(evaluate("hour in [13, 14]"), .bool(true))
        XCTAssertEqual(evaluate("not mode in ['eco']"), .bool(true))
    }

    func testArithmeticOnNumbersAndDurations() {
        XCTAssertEqual(evaluate("temp + 0.5"), .number(32))
        XCTAssertEqual(evaluate("temp - 1.5"), .number(30))
        XCTAssertEqual(evaluate("7 % 3"), .number(1))
        XCTAssertEqual(evaluate("-7 % 3"), .number(-1))
        XCTAssertEqual(evaluate("5.5 % 2"), .number(1.5))
        XCTAssertEqual(evaluate("1m + 30s"), .duration(90_000))
        XCTAssertEqual(evaluate("1m - 90s"), .duration(-30_000))
        XCTAssertEqual(evaluate("2 * 5m"), .duration(600_000))
        XCTAssertEqual(evaluate("5m * 2"), .duration(600_000))
        XCTAssertEqual(evaluate("1s * 0.0005"), .duration(1))  // rounded to the nearest millisecond
        XCTAssertEqual(evaluate("1m / 4"), .duration(15_000))
        XCTAssertEqual(evaluate("1m / 1s"), .number(60))
        XCTAssertEqual(evaluate("-5s"), .duration(-5_000))
        XCTAssertEqual(evaluate("-temp"), .number(-31.5))
    }

    func testDivisionByZeroAndOverflowAreNone() {
        XCTAssertEqual(evaluate("1 / 0"), .none)
        XCTAssertEqual(evaluate("0 / 0"), .none)
        XCTAssertEqual(evaluate("5 % 0"), .none)
        XCTAssertEqual(evaluate("1m / 0"), .none)
        XCTAssertEqual(evaluate("1m / 0s"), .none)
        XCTAssertEqual(evaluate("1e308 * 10"), .none)
        XCTAssertEqual(evaluate("(1 / 0) == (1 / 0)"), .bool(false))
    }

    func testNonePropagation() {
        var context = TestContext()  // no signal has a value
        context.values[1] = .bool(true)
        XCTAssertEqual(evaluate("temp + 1", in: context), .none)
        XCTAssertEqual(evaluate("temp * 2", in: context), .none)
        XCTAssertEqual(evaluate("-temp", in: context), .none)
        XCTAssertEqual(evaluate("abs(temp)", in: context), .none)
        XCTAssertEqual(evaluate("min(temp, 3)", in: context), .none)
        XCTAssertEqual(evaluate("max(1, temp, 3)", in: context), .none)
        XCTAssertEqual(evaluate("clamp(temp, 0, 100)", in: context), .none)
        XCTAssertEqual(evaluate("clamp(5, temp, 100)", in: context), .none)
        XCTAssertEqual(evaluate("round(temp)", in: context), .none)
        XCTAssertEqual(evaluate("round(1.25, temp)", in: context), .none)
        XCTAssertEqual(evaluate("floor(temp)", in: context), .none)
        XCTAssertEqual(evaluate("ceil(temp)", in: context), .none)
        // every comparison with none is false, `!=` too
        XCTAssertEqual(evaluate("temp == 1", in: context), .bool(false))
        XCTAssertEqual(evaluate("temp != 1", in: context), .bool(false))
        XCTAssertEqual(evaluate("temp < 1", in: context), .bool(false))
        XCTAssertEqual(evaluate("temp >= 1", in: context), .bool(false))
        XCTAssertEqual(evaluate("temp == temp", in: context), .bool(false))
        XCTAssertEqual(evaluate("temp in [1, 2]", in: context), .bool(false))
        XCTAssertEqual(evaluate("1 in [temp, 1]", in: context), .bool(true))
        // `and`/`or` read none as false and always give a bool; `not none` is none
        XCTAssertEqual(evaluate("armed", in: context), .none)
        XCTAssertEqual(evaluate("armed and door", in: context), .bool(false))
        XCTAssertEqual(evaluate("door and armed", in: context), .bool(false))
        XCTAssertEqual(evaluate("armed or door", in: context), .bool(true))
        XCTAssertEqual(evaluate("armed or armed", in: context), .bool(false))
        XCTAssertEqual(evaluate("not armed", in: context), .none)
        XCTAssertEqual(evaluate("not not armed", in: context), .none)
        XCTAssertEqual(evaluate("json(temp)", in: context), .string("null"))
        XCTAssertEqual(evaluate("temp.age", in: context), .none)
    }

    func testShortCircuitChains() {
        XCTAssertEqual(evaluate("true and true and true"), .bool(true))
        XCTAssertEqual(evaluate("true and false and true"), .bool(false))
        XCTAssertEqual(evaluate("false or false or true"), .bool(true))
        XCTAssertEqual(evaluate("false or false or false"), .bool(false))
        XCTAssertEqual(evaluate("door and (armed or temp > 30) and mode == 'auto'"), .bool(true))
        XCTAssertEqual(evaluate("armed and 1 / 0 > 1 or door"), .bool(true))
    }

    func testFunctions() {
        XCTAssertEqual(evaluate("abs(-3)"), .number(3))
        XCTAssertEqual(evaluate("abs(-3s)"), .duration(3_000))
        XCTAssertEqual(evaluate("min(3, 1, 2)"), .number(1))
        XCTAssertEqual(evaluate("max(3, 1, 2)"), .number(3))
        XCTAssertEqual(evaluate("min(temp, 20)"), .number(20))
        XCTAssertEqual(evaluate("max(temp, 20)"), .number(31.5))
        XCTAssertEqual(evaluate("min(1m, 30s)"), .duration(30_000))
        XCTAssertEqual(evaluate("clamp(150, 0, 100)"), .number(100))
        XCTAssertEqual(evaluate("clamp(-5, 0, 100)"), .number(0))
        XCTAssertEqual(evaluate("clamp(50, 0, 100)"), .number(50))
        XCTAssertEqual(evaluate("clamp(10m, 1m, 5m)"), .duration(300_000))
        XCTAssertEqual(evaluate("floor(2.7)"), .number(2))
        XCTAssertEqual(evaluate("floor(-2.2)"), .number(-3))
        XCTAssertEqual(evaluate("ceil(2.2)"), .number(3))
        XCTAssertEqual(evaluate("ceil(-2.7)"), .number(-2))
    }

    func testRoundHalvesAwayFromZeroOnTheWrittenDecimal() {
        XCTAssertEqual(evaluate("round(2.5)"), .number(3))
        XCTAssertEqual(evaluate("round(-2.5)"), .number(-3))
        XCTAssertEqual(evaluate("round(2.4)"), .number(2))
        XCTAssertEqual(evaluate("round(31.46, 1)"), .number(31.5))
        XCTAssertEqual(evaluate("round(1.005, 2)"), .number(1.01))
        XCTAssertEqual(evaluate("round(0.285, 2)"), .number(0.29))
        XCTAssertEqual(evaluate("round(-1.005, 2)"), .number(-1.01))
        XCTAssertEqual(evaluate("round(1.004, 2)"), .number(1))
        XCTAssertEqual(evaluate("round(1234.5, -2)"), .number(1200))
        XCTAssertEqual(evaluate("round(1250, -2)"), .number(1300))
        XCTAssertEqual(evaluate("round(2.567, 1.9)"), .number(2.6))  // digits are cut to whole numbers
        XCTAssertEqual(evaluate("round(1e300, 2)"), .number(1e300))
        XCTAssertEqual(evaluate("round(temp_avg, 1)", in: context(tempAverage: 0.1 + 0.2)), .number(0.3))
    }

    private func context(tempAverage: Double) -> TestContext {
        var context = TestContext.standard
        context.values[6] = .number(tempAverage)
        return context
    }

    func testJSON() {
        XCTAssertEqual(evaluate("json(door)"), .string("true"))
        XCTAssertEqual(evaluate("json(temp)"), .string("31.5"))
        XCTAssertEqual(evaluate("json(mode)"), .string(#""auto""#))
        XCTAssertEqual(evaluate(#"json('a"b\\c\n')"#), .string(#""a\"b\\c\n""#))
        XCTAssertEqual(evaluate("json(90s)"), .string(#""1m30s""#))
        XCTAssertEqual(evaluate("json(07:30)"), .string(#""07:30""#))
        XCTAssertEqual(evaluate("json(now)"), .string(#""2026-07-01T14:00:00+02:00""#))
        XCTAssertEqual(evaluate("json(1e21)"), .string("1e+21"))
    }

    func testSignalAttributes() {
        var context = TestContext.standard
        context.updates[0] = context.now - 90_000
        context.changes[0] = context.now - 600_000
        context.previousValues[0] = .number(29)
        context.staleness[0] = true
        XCTAssertEqual(evaluate("temp.age", in: context), .duration(90_000))
        XCTAssertEqual(evaluate("temp.since", in: context), .duration(600_000))
        XCTAssertEqual(evaluate("temp.stale", in: context), .bool(true))
        XCTAssertEqual(evaluate("temp.previous", in: context), .number(29))
        XCTAssertEqual(evaluate("temp - temp.previous", in: context), .number(2.5))
        XCTAssertEqual(evaluate("temp.age > 1m and temp.since >= 10m", in: context), .bool(true))
        XCTAssertEqual(evaluate("door.previous", in: context), .none)
    }

    func testClockBuiltinsUseLocalTime() {
        var context = TestContext.standard  // 12:00 UTC on a Wednesday, at +02:00
        XCTAssertEqual(evaluate("now", in: context), .instant(context.now))
        XCTAssertEqual(evaluate("hour", in: context), .number(14))
        XCTAssertEqual(evaluate("minute", in: context), .number(0))
        XCTAssertEqual(evaluate("weekday", in: context), .string("wed"))
        context.offset = -13 * 3600 + -30 * 60  // 22:30 the day before
        XCTAssertEqual(evaluate("hour", in: context), .number(22))
        XCTAssertEqual(evaluate("minute", in: context), .number(30))
        XCTAssertEqual(evaluate("weekday == 'tue'", in: context), .bool(true))
        context.now = -1  // 1969-12-31T23:59:59.999Z, a Wednesday
        context.offset = 0
        XCTAssertEqual(evaluate("hour", in: context), .number(23))
        XCTAssertEqual(evaluate("minute", in: context), .number(59))
        XCTAssertEqual(evaluate("weekday", in: context), .string("wed"))
        XCTAssertEqual(evaluate("site"), .string("greenhouse-a"))
    }

    func testTimeBetweenIncludesStartExcludesEndAndWraps() {
        var context = TestContext.standard
        context.offset = 0
        func at(_ hh: Int64, _ mm: Int64) -> TestContext {
            var c = context
            c.now = 1_782_864_000_000 + (hh * 60 + mm) * 60_000  // 2026-07-01 local midnight
            return c
        }
        XCTAssertEqual(evaluate("time_between(22:00, 06:00)", in: at(22, 0)), .bool(true))
        XCTAssertEqual(evaluate("time_between(22:00, 06:00)", in: at(23, 59)), .bool(true))
        XCTAssertEqual(evaluate("time_between(22:00, 06:00)", in: at(0, 0)), .bool(true))
        XCTAssertEqual(evaluate("time_between(22:00, 06:00)", in: at(5, 59)), .bool(true))
        XCTAssertEqual(evaluate("time_between(22:00, 06:00)", in: at(6, 0)), .bool(false))
        XCTAssertEqual(evaluate("time_between(22:00, 06:00)", in: at(21, 59)), .bool(false))
        XCTAssertEqual(evaluate("time_between(08:00, 17:00)", in: at(8, 0)), .bool(true))
        XCTAssertEqual(evaluate("time_between(08:00, 17:00)", in: at(17, 0)), .bool(false))
        XCTAssertEqual(evaluate("time_between(08:00, 17:00)", in: at(7, 59)), .bool(false))
        context = at(12, 0)
        context.offset = 3600 * 10  // local 22:00
        XCTAssertEqual(evaluate("time_between(22:00, 06:00)", in: context), .bool(true))
    }

    func testWindowsReadTheContext() {
        var context = TestContext.standard
        guard let average = compile("avg(temp, 10m)"), let rises = compile("count(door.rise, 1h)") else { return }
        context.windowValues = Array(repeating: .number(28.25), count: windows.windows.count)
        context.counts = Array(repeating: 3, count: windows.windows.count)
        var evaluator = ExpressionEvaluator()
        XCTAssertEqual(evaluator.evaluate(average, in: context), .number(28.25))
        XCTAssertEqual(evaluator.evaluate(rises, in: context), .number(3))
        context.windowValues = Array(repeating: .none, count: windows.windows.count)
        XCTAssertEqual(evaluator.evaluate(average, in: context), .none)
    }

    func testLocals() {
        let locals = [LocalName("value", type: .number)]
        var context = TestContext.standard
        context.locals = [.number(42)]
        XCTAssertEqual(evaluate("value * 2", in: context, locals: locals), .number(84))
        XCTAssertEqual(evaluate("json(value)", in: context, locals: locals), .string("42"))
    }

    func testEvaluatorGrowsItsStackWhenNeeded() {
        guard let expression = compile("1 + (2 + (3 + (4 + (5 + (6 + temp)))))") else { return }
        XCTAssertGreaterThan(expression.maxStackDepth, 2)
        var evaluator = ExpressionEvaluator(maxStackDepth: 1)
        XCTAssertEqual(evaluator.evaluate(expression, in: TestContext.standard), .number(52.5))
    }
}
