import XCTest

@testable import ReflexCore

/// The signals the expression tests compile against.
struct TestSignals: SignalTable {
    static let all: [SignalInfo] = [
        SignalInfo(name: "temp", slot: 0, kind: .input, type: .number, staleLimit: 300_000),
        SignalInfo(name: "door", slot: 1, kind: .input, type: .bool),
        SignalInfo(name: "mode", slot: 2, kind: .input, type: .string),
        SignalInfo(name: "fan", slot: 3, kind: .output, type: .bool),
        SignalInfo(name: "humidity", slot: 4, kind: .input, type: .number),
        SignalInfo(name: "armed", slot: 5, kind: .state, type: .bool),
        SignalInfo(name: "temp_avg", slot: 6, kind: .variable, type: .number),
    ]

    func signal(named name: String) -> SignalInfo? {
        Self.all.first { $0.name == name }
    }

    var signalNames: [String] { Self.all.map(\.name) }
}

/// Maps scalar offset k of an expression to line 3, column 10 + k, as if it were written there in a file.
struct ShiftedMapping: SourceMapping {
    func position(ofScalarOffset offset: Int) -> SourcePosition {
        SourcePosition(line: 3, column: 10 + offset)
    }
}

/// A context with fixed values, for evaluating in tests. It does not allocate when read.
struct TestContext: EvaluationContext {
    var values = [Value](repeating: .none, count: 8)
    var previousValues = [Value](repeating: .none, count: 8)
    var updates = [Int64?](repeating: nil, count: 8)
    var changes = [Int64?](repeating: nil, count: 8)
    var staleness = [Bool](repeating: false, count: 8)
    /// Window values by window index, the same for every function except `count`.
    var windowValues: [Value] = []
    var counts: [Double] = []
    var locals: [Value] = []
    var now: Int64 = 1_782_907_200_000  // 2026-07-01T12:00:00Z, a Wednesday
    var offset = 7200
    /// A change of the zone's offset: from this instant on, `utcOffset` is the second value.
    var offsetChange: (instant: Int64, offset: Int)?

    func value(_ slot: Int) -> Value { values[slot] }
    func previous(_ slot: Int) -> Value { previousValues[slot] }
    func lastUpdate(_ slot: Int) -> Int64? { updates[slot] }
    func lastChange(_ slot: Int) -> Int64? { changes[slot] }
    func isStale(_ slot: Int) -> Bool { staleness[slot] }
    func window(_ index: Int, _ function: WindowFunction) -> Value {
        switch function {
        case .count: .number(index < counts.count ? counts[index] : 0)
        case .average, .minimum, .maximum, .delta, .rate: index < windowValues.count ? windowValues[index] : .none
        }
    }
    func local(_ index: Int) -> Value { locals[index] }
    func utcOffset(at instant: Int64) -> Int {
        if let change = offsetChange, instant >= change.instant { return change.offset }
        return offset
    }

    func nextOffsetChange(after instant: Int64) -> Int64? {
        guard let change = offsetChange, change.instant > instant, change.offset != offset else { return nil }
        return change.instant
    }

    /// A context where temp = 31.5, door = on, mode = "auto", humidity = 60, armed = off.
    static var standard: TestContext {
        var context = TestContext()
        context.values[0] = .number(31.5)
        context.values[1] = .bool(true)
        context.values[2] = .string("auto")
        context.values[3] = .bool(false)
        context.values[4] = .number(60)
        context.values[5] = .bool(false)
        return context
    }
}

/// Compiling and evaluating helpers shared by the expression tests.
class ExpressionTestCase: XCTestCase {
    let windows = WindowTable()
    lazy var compiler = ExpressionCompiler(signals: TestSignals(), windows: windows, site: "greenhouse-a")

    func source(_ text: String) -> SourceText {
        SourceText(text, range: SourceRange(file: "rules.yaml", line: 3, column: 10), mapping: ShiftedMapping())
    }

    func compile(
        _ text: String, expecting: ValueType? = nil, locals: [LocalName] = [], file: StaticString = #filePath,
        line: UInt = #line
    ) -> CompiledExpression? {
        compiler.diagnostics = []
        let result = compiler.compile(source(text), expecting: expecting, locals: locals)
        if result == nil {
            XCTFail("'\(text)' did not compile: \(compiler.diagnostics.map(\.message))", file: file, line: line)
        }
        return result
    }

    func evaluate(
        _ text: String, in context: TestContext = .standard, locals: [LocalName] = [], file: StaticString = #filePath,
        line: UInt = #line
    ) -> Value {
        guard let expression = compile(text, locals: locals, file: file, line: line) else { return .none }
        var evaluator = ExpressionEvaluator(maxStackDepth: 4)
        return evaluator.evaluate(expression, in: context)
    }

    /// The diagnostics of an expression that must not compile.
    func failures(
        _ text: String, expecting: ValueType? = nil, locals: [LocalName] = [], file: StaticString = #filePath,
        line: UInt = #line
    ) -> [Diagnostic] {
        compiler.diagnostics = []
        if compiler.compile(source(text), expecting: expecting, locals: locals) != nil {
            XCTFail("'\(text)' compiled but should not have", file: file, line: line)
        }
        return compiler.diagnostics
    }

    /// The one error of `text` as "column: message" (columns as ShiftedMapping gives them).
    func error(
        _ text: String, expecting: ValueType? = nil, locals: [LocalName] = [], file: StaticString = #filePath,
        line: UInt = #line
    ) -> String {
        let errors = failures(text, expecting: expecting, locals: locals, file: file, line: line)
            .filter { $0.severity == .error }
        XCTAssertEqual(errors.count, 1, "\(errors.map(\.message))", file: file, line: line)
        guard let first = errors.first else { return "" }
        return "\(first.range.start.column): \(first.message)"
    }
}
