import XCTest

@testable import ReflexCore

/// No input crashes, hangs or floods the user with errors.
final class ExpressionRobustnessTests: ExpressionTestCase {
    func testDeepNestingIsOneError() {
        let depth = 100_000
        let parens = String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth)
        XCTAssertEqual(error(parens), "74: expression is nested too deeply (more than 64 levels)")
        XCTAssertEqual(
            error(String(repeating: "-", count: depth) + "1"),
            "74: expression is nested too deeply (more than 64 levels)")
        XCTAssertEqual(
            error(String(repeating: "not ", count: depth) + "true"),
            "\(10 + 64 * 4): expression is nested too deeply (more than 64 levels)")
        XCTAssertEqual(
            error(String(repeating: "abs(", count: depth) + "1" + String(repeating: ")", count: depth)),
            "\(10 + 64 * 4 + 3): expression is nested too deeply (more than 64 levels)")
        XCTAssertEqual(
            error("mode in " + String(repeating: "[", count: depth)),
            "\(10 + 8 + 1): expected a value after '[', found '['")
        XCTAssertEqual(failures(String(repeating: "(", count: depth)).count, 1)
    }

    func testSixtyFourLevelsAreFine() {
        let nested = String(repeating: "(", count: 64) + "temp" + String(repeating: ")", count: 64) + " > 1"
        XCTAssertEqual(evaluate(nested), .bool(true))
    }

    func testAMegabyteExpressionCompilesAndEvaluates() {
        let terms = 250_000
        let sum = String(repeating: "1 + ", count: terms) + "1"  // 1 MB
        XCTAssertGreaterThan(sum.utf8.count, 1_000_000)
        guard let constant = compile(sum) else { return }
        XCTAssertEqual(constant.constantValue, .some(.number(Double(terms + 1))))

        let chain = String(repeating: "temp > 1 and ", count: 80_000) + "door"
        guard let conjunction = compile(chain) else { return }
        var evaluator = ExpressionEvaluator()
        XCTAssertEqual(evaluator.evaluate(conjunction, in: TestContext.standard), .bool(true))
        XCTAssertEqual(conjunction.reads, [0, 1])

        let signals = String(repeating: "temp - ", count: 150_000) + "temp"
        guard let difference = compile(signals) else { return }
        XCTAssertEqual(evaluator.evaluate(difference, in: TestContext.standard), .number(-31.5 * 149_999))
        XCTAssertEqual(difference.maxStackDepth, 2)

        let longString = "'" + String(repeating: "x", count: 1_000_000) + "'"
        XCTAssertEqual(compile(longString)?.constantValue, .some(.string(String(repeating: "x", count: 1_000_000))))
    }

    func testAMegabyteOfGarbageGivesFewErrors() {
        var generator = SeededGenerator(seed: 42)
        var text = ""
        for _ in 0..<1_000_000 {
            text.unicodeScalars.append(Unicode.Scalar(UInt8.random(in: 0...127, using: &generator)))
        }
        let diagnostics = failures(text)
        XCTAssertFalse(diagnostics.isEmpty)
        XCTAssertLessThanOrEqual(diagnostics.count, Lexer.problemLimit + 1)
    }

    func testManyErrorsAreCapped() {
        let text = String(repeating: "tmep + ", count: 100_000) + "1 > 2"
        let diagnostics = failures(text)
        XCTAssertEqual(diagnostics.count, ExpressionCompiler.problemLimit + 1)
        XCTAssertEqual(diagnostics.last?.message, "99980 more problems in this expression")
        XCTAssertEqual(diagnostics.last?.range.start.column, Int32(10 + 7 * ExpressionCompiler.problemLimit))
    }

    func testStrangeInputs() {
        for text in [
            "'", "\"", "'''", "\\", "{{", "}}", "\u{0}", "\u{7F}", "😀", "temp > 😀", "temp\u{301} > 3", "\r\n", ".",
            ",", ")", "]", "[", "(", "1..2", "1e", "1e+", "1.", ".5", "07:", "07:3", "07:30:", "7::30", "0x10",
            "1_000", "1m30", "temp.", "temp..age", "avg(,)", "avg(temp,,1m)", "in", "not", "-", "a in", "a in [",
            "a in [1,", "count(.rise, 1m)", "99999999999999999999999d", "\u{FEFF}temp", "temp\u{2028}> 3",
        ] {
            let diagnostics = failures(text)
            XCTAssertFalse(diagnostics.isEmpty, text)
            for diagnostic in diagnostics {
                XCTAssertEqual(diagnostic.range.start.line, 3, text)
                let column = Int(diagnostic.range.start.column)
                XCTAssertTrue(
                    (10...10 + text.unicodeScalars.count).contains(column), "\(text): column \(column)")
                XCTAssertFalse(diagnostic.message.hasSuffix("."), diagnostic.message)
            }
        }
    }

    /// Random token soups: every input either compiles and evaluates, or fails with diagnostics inside it.
    func testRandomTokenSoups() {
        let vocabulary = [
            "temp", "door", "mode", "fan", "(", ")", "[", "]", ",", ".", "age", "rise", "stale", "previous", "+", "-",
            "*", "/", "%", "==", "!=", "<", ">=", "and", "or", "not", "in", "1", "2.5", "5m", "07:30", "'x'", "true",
            "avg", "min", "count", "round", "time_between", "json", "now", "hour", "weekday", " ", "tmep", "&&",
        ]
        var generator = SeededGenerator(seed: 7)
        var compiled = 0
        for _ in 0..<3_000 {
            let count = Int.random(in: 1...14, using: &generator)
            var text = ""
            for _ in 0..<count {
                text += vocabulary[Int.random(in: 0..<vocabulary.count, using: &generator)]
                if Bool.random(using: &generator) { text += " " }
            }
            compiler.diagnostics = []
            if let expression = compiler.compile(source(text), expecting: nil) {
                compiled += 1
                var evaluator = ExpressionEvaluator(maxStackDepth: 1)
                _ = evaluator.evaluate(expression, in: TestContext.standard)
                XCTAssertFalse(compiler.diagnostics.contains { $0.severity == .error }, text)
            } else {
                XCTAssertTrue(compiler.diagnostics.contains { $0.severity == .error }, text)
                for diagnostic in compiler.diagnostics {
                    let column = Int(diagnostic.range.start.column)
                    XCTAssertTrue((10...10 + text.unicodeScalars.count).contains(column), text)
                }
            }
        }
        XCTAssertGreaterThan(compiled, 30)
    }
}

/// A small deterministic random number generator (SplitMix64), so that generated inputs are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
