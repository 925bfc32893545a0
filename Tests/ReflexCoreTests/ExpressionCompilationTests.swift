import XCTest

@testable import ReflexCore

final class ExpressionCompilationTests: ExpressionTestCase {
    func testTypes() {
        XCTAssertEqual(compile("temp > 30")?.type, .bool)
        XCTAssertEqual(compile("temp * 2")?.type, .number)
        XCTAssertEqual(compile("mode")?.type, .string)
        XCTAssertEqual(compile("temp.age")?.type, .duration)
        XCTAssertEqual(compile("1m / 1s")?.type, .number)
        XCTAssertEqual(compile("1m / 2")?.type, .duration)
        XCTAssertEqual(compile("07:30")?.type, .timeOfDay)
        XCTAssertEqual(compile("now")?.type, .instant)
        XCTAssertEqual(compile("weekday")?.type, .string)
        XCTAssertEqual(compile("json(temp)")?.type, .string)
        XCTAssertEqual(compile("rate(temp, 1m)")?.type, .number)
        XCTAssertEqual(compile("count(door.rise, 10s)")?.type, .number)
        XCTAssertEqual(compile("temp > 30", expecting: .bool)?.type, .bool)
    }

    func testDependencies() {
        guard let e = compile("temp > temp.previous and door.age > 5s and temp.stale or fan.since < 1m") else { return }
        XCTAssertEqual(e.reads, [0])
        XCTAssertEqual(
            e.attributeReads,
            [.init(slot: 0, attribute: .stale), .init(slot: 1, attribute: .age), .init(slot: 3, attribute: .since)])
        XCTAssertFalse(e.usesClock)
        XCTAssertTrue(e.windows.isEmpty)
        XCTAssertFalse(e.isConstant)

        guard let clock = compile("hour >= 7 and weekday != 'sun' and time_between(22:00, 06:00)") else { return }
        XCTAssertTrue(clock.usesClock)
        XCTAssertEqual(clock.timeRanges, [.init(start: 79_200_000, end: 21_600_000)])
        XCTAssertTrue(clock.reads.isEmpty)

        guard let plain = compile("time_between(08:00, 09:00)") else { return }
        XCTAssertFalse(plain.usesClock)
        XCTAssertFalse(plain.isConstant)

        guard let local = compile("value > 3", locals: [LocalName("value", type: .number)]) else { return }
        XCTAssertEqual(local.dependencies.locals, [0])
        XCTAssertFalse(local.isConstant)
    }

    func testConstantsAreFolded() {
        guard let e = compile("2 * 5m + 30s") else { return }
        XCTAssertTrue(e.isConstant)
        XCTAssertEqual(e.constantValue, .some(.duration(630_000)))
        XCTAssertEqual(e.code.count, 1)
        XCTAssertEqual(compile("site")?.constantValue, .some(.string("greenhouse-a")))
        XCTAssertEqual(compile("not (1 < 2 and 'a' in ['b'])")?.constantValue, .some(.bool(true)))
        XCTAssertEqual(compile("round(-31.46, 1)")?.constantValue, .some(.number(-31.5)))
        guard let none = compile("1 / 0") else { return }
        XCTAssertTrue(none.isConstant)
        XCTAssertEqual(none.constantValue, .some(Value.none))
        // a constant part inside a non-constant expression is folded too
        guard let mixed = compile("temp > 10 * 3") else { return }
        XCTAssertFalse(mixed.isConstant)
        XCTAssertEqual(mixed.code.count, 3)
        XCTAssertFalse(compile("now")!.isConstant)
    }

    func testWindowFormIsChosenBySignalNameAndDuration() {
        guard let windowed = compile("min(temp, 10m)") else { return }
        XCTAssertEqual(windowed.windows, [0])
        XCTAssertEqual(windows.windows, [WindowSpec(slot: 0, width: 600_000, content: .samples)])
        XCTAssertEqual(windows.functions(of: 0), [.minimum])
        XCTAssertTrue(windowed.reads.isEmpty)

        // the plain form: numbers, durations, or a non-signal first argument
        guard let plain = compile("min(temp, 20)") else { return }
        XCTAssertTrue(plain.windows.isEmpty)
        XCTAssertEqual(plain.reads, [0])
        guard let overDurations = compile("min(door.since, 5m)") else { return }
        XCTAssertTrue(overDurations.windows.isEmpty)
        XCTAssertEqual(overDurations.type, .duration)
        guard let local = compile("max(value, 5m)", locals: [LocalName("value", type: .duration)]) else { return }
        XCTAssertTrue(local.windows.isEmpty)
        guard let three = compile("max(temp, 1, 2)") else { return }
        XCTAssertTrue(three.windows.isEmpty)
        XCTAssertEqual(windows.windows.count, 1)
    }

    func testEqualWindowsAreShared() {
        guard let a = compile("avg(temp, 10m)"), let b = compile("max(temp, 600s) - delta(temp, 10m)"),
            let c = compile("rate(temp, 1m)"), let d = compile("count(door.rise, 10m) + count(door.fall, 10m)"),
            let e = compile("avg(humidity, 2 * 5m)")
        else { return }
        XCTAssertEqual(
            windows.windows,
            [
                WindowSpec(slot: 0, width: 600_000, content: .samples),
                WindowSpec(slot: 0, width: 60_000, content: .samples),
                WindowSpec(slot: 1, width: 600_000, content: .events(.rise)),
                WindowSpec(slot: 1, width: 600_000, content: .events(.fall)),
                WindowSpec(slot: 4, width: 600_000, content: .samples),
            ])
        XCTAssertEqual(a.windows, [0])
        XCTAssertEqual(b.windows, [0])
        XCTAssertEqual(c.windows, [1])
        XCTAssertEqual(d.windows, [2, 3])
        XCTAssertEqual(e.windows, [4])
        XCTAssertEqual(windows.functions(of: 0), [.average, .maximum, .delta])
        XCTAssertEqual(windows.functions(of: 2), [.count])
    }

    func testWindowsOfFailedExpressionsAreNotRegistered() {
        _ = failures("avg(temp, 10m) > 'x'")
        XCTAssertTrue(windows.windows.isEmpty)
    }

    func testTemplateDependenciesMerge() {
        compiler.diagnostics = []
        guard let t = compiler.compileTemplate(source("{{ temp }} {{ door.age }} {{ avg(humidity, 1m) }} {{ now }}"))
        else { return XCTFail("\(compiler.diagnostics)") }
        XCTAssertEqual(t.reads, [0])
        XCTAssertEqual(t.attributeReads, [.init(slot: 1, attribute: .age)])
        XCTAssertEqual(t.windows, [0])
        XCTAssertTrue(t.usesClock)
    }

    func testReservedNames() {
        for name in [
            "and", "or", "not", "in", "true", "false", "on", "off", "now", "hour", "minute", "weekday", "site",
        ] {
            XCTAssertTrue(ExpressionCompiler.reservedNames.contains(name), name)
        }
    }

    /// A compiled expression keeps the range of the node it was written in (mapping each part exactly is left
    /// to diagnostics, where it is needed: eager mapping made long templates quadratic).
    func testRangeIsTheNodeRange() {
        guard let e = compile("  temp > 3 ") else { return }
        XCTAssertEqual(e.range, source("  temp > 3 ").range)
    }
}
