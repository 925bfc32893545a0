import XCTest

@testable import ReflexCore

/// Errors users read: message and column (offset k of the expression is column 10 + k on line 3).
final class ExpressionDiagnosticsTests: ExpressionTestCase {
    func testUnknownNamesSuggestTheClosest() {
        XCTAssertEqual(error("tmep > 30"), "10: unknown signal 'tmep'; did you mean 'temp'?")
        XCTAssertEqual(error("temp > 30 and dor"), "24: unknown signal 'dor'; did you mean 'door'?")
        XCTAssertEqual(error("huor > 7"), "10: unknown signal 'huor'; did you mean 'hour'?")
        XCTAssertEqual(error("ture"), "10: unknown signal 'ture'; did you mean 'true'?")
        XCTAssertEqual(
            error("vaule > 3", locals: [LocalName("value", type: .number)]),
            "10: unknown signal 'vaule'; did you mean 'value'?")
        XCTAssertEqual(error("pressure > 3"), "10: unknown signal 'pressure'")
        XCTAssertEqual(error("avrg(temp, 10m)"), "10: unknown function 'avrg'; did you mean 'avg'?")
        XCTAssertEqual(
            error("tmie_between(22:00, 06:00)"), "10: unknown function 'tmie_between'; did you mean 'time_between'?")
        XCTAssertEqual(error("temp.agee > 1m"), "14: unknown attribute '.agee'; did you mean '.age'?")
        XCTAssertEqual(
            error("temp.color"), "14: unknown attribute '.color'; a signal has .age, .since, .stale and .previous")
        XCTAssertEqual(
            error("auto", expecting: .string), "10: unknown signal 'auto'; to write text, quote it: \"auto\"")
    }

    func testMisusedNames() {
        XCTAssertEqual(error("avg > 3"), "10: 'avg' is a function; call it like avg(temp, 10m)")
        XCTAssertEqual(error("temp(3)"), "10: 'temp' is a signal, not a function")
        XCTAssertEqual(error("now() > now"), "10: 'now' is not a function; write it without parentheses")
        XCTAssertEqual(
            error("temp == none"),
            "18: 'none' cannot be written in an expression; a comparison with a missing value is always false")
        XCTAssertEqual(error("door AND armed"), "15: unknown name 'AND'; write 'and' in lowercase")
        XCTAssertEqual(error("now.age"), "10: 'now' is not a signal; '.age' can only follow a signal name")
        XCTAssertEqual(error("(temp + 1).age"), "20: '.age' needs a signal name before it, such as temp.age")
    }

    func testAttributeRules() {
        XCTAssertEqual(error("door.stale"), "14: 'door' has no `stale:` limit")
        XCTAssertEqual(error("door.rise"), "14: `.rise` is an event; use it in `on:` or in count(...)")
        XCTAssertEqual(error("temp.change and door"), "14: `.change` is an event; use it in `on:` or in count(...)")
        XCTAssertEqual(error("temp.age.age"), "18: an attribute cannot follow '.age'")
        XCTAssertEqual(error("temp.previous + temp.stale"), "24: cannot add number and bool")
    }

    func testTypeErrorsPointAtTheOffendingToken() {
        XCTAssertEqual(error("temp > 'hot'"), "15: cannot compare number with string")
        XCTAssertEqual(error("temp and door"), "10: 'and' needs bool operands, found number")
        XCTAssertEqual(error("door or mode"), "18: 'or' needs bool operands, found string")
        XCTAssertEqual(error("not temp"), "14: 'not' needs a bool operand, found number")
        XCTAssertEqual(error("temp", expecting: .bool), "10: expected bool, found number")
        XCTAssertEqual(error("temp > 3", expecting: .number), "10: expected number, found bool")
        XCTAssertEqual(error("temp + 5s"), "15: cannot add number and duration")
        XCTAssertEqual(error("temp - 5s"), "15: cannot subtract duration from number")
        XCTAssertEqual(error("5s * 5s"), "13: cannot multiply duration by duration")
        XCTAssertEqual(error("5 / 5s"), "12: cannot divide number by duration")
        XCTAssertEqual(error("5s % 2"), "13: '%' needs numbers, found duration and number")
        XCTAssertEqual(error("mode + 'x'"), "15: cannot add strings; '+' adds numbers or durations")
        XCTAssertEqual(error("-mode"), "10: '-' needs a number or a duration, found string")
        XCTAssertEqual(error("door < armed"), "15: cannot order bool values with '<'; use '==' or '!='")
        XCTAssertEqual(error("now >= now"), "14: cannot order instant values with '>='; use '==' or '!='")
        XCTAssertEqual(error("mode in ['a', 3]"), "24: cannot compare string with number")
        XCTAssertEqual(error("07:30 < 5m"), "16: cannot compare time of day with duration")
    }

    func testFunctionArguments() {
        XCTAssertEqual(error("round(temp, 1, 2)"), "10: round takes 1 or 2 arguments, got 3")
        XCTAssertEqual(error("abs()"), "10: abs takes 1 argument, got 0")
        XCTAssertEqual(error("clamp(temp, 1)"), "10: clamp takes 3 arguments, got 2")
        XCTAssertEqual(error("abs(mode)"), "14: abs needs numbers or durations, found string")
        XCTAssertEqual(error("floor(5s)"), "16: floor needs a number, found duration")
        XCTAssertEqual(error("max(1, 2s)"), "17: max needs arguments of one type, found number and duration")
        XCTAssertEqual(error("clamp(5s, 0, 10)"), "20: clamp needs arguments of one type, found duration and number")
        XCTAssertEqual(
            error("min(temp)"),
            "10: min takes 2 or more values such as min(a, b), or a signal and a window such as min(temp, 10m); got 1")
        XCTAssertEqual(error("json(temp, 1)"), "10: json takes 1 argument, got 2")
    }

    func testWindowErrors() {
        XCTAssertEqual(error("avg(temp + 1, 10m)"), "14: 'avg' over a window needs a signal name as its first argument")
        XCTAssertEqual(error("min(temp + 1, 10m)"), "14: 'min' over a window needs a signal name as its first argument")
        XCTAssertEqual(error("avg(hour, 10m)"), "14: 'avg' over a window needs a signal name as its first argument")
        XCTAssertEqual(error("avg(tmep, 10m)"), "14: unknown signal 'tmep'; did you mean 'temp'?")
        XCTAssertEqual(error("avg(door, 10m)"), "14: 'avg' over a window needs a number signal; 'door' is a bool")
        XCTAssertEqual(error("max(mode, 1h)"), "14: 'max' over a window needs a number signal; 'mode' is a string")
        XCTAssertEqual(error("avg(temp, 0s)"), "20: a window needs a duration greater than 0")
        XCTAssertEqual(error("avg(temp, 1m - 2m)"), "20: a window needs a duration greater than 0")
        XCTAssertEqual(
            error("avg(temp, 10)"),
            "20: expected a duration such as 500ms, 30s, 5m, 1h30m or 1d, found number; give 10 a unit, such as 10s or 10m"
        )
        XCTAssertEqual(error("avg(temp, temp.age)"), "20: a window needs a constant duration such as 10m")
        XCTAssertEqual(
            error("avg(temp)"), "10: avg takes 2 arguments, a signal and a window such as avg(temp, 10m); got 1")
        XCTAssertEqual(error("count(door, 10m)"), "16: 'count' needs an event such as door.rise as its first argument")
        XCTAssertEqual(
            error("count(door.age, 10m)"), "16: 'count' needs an event such as door.rise as its first argument")
        XCTAssertEqual(error("count(temp.rise, 10m)"), "20: '.rise' needs a bool signal; 'temp' is a number")
        XCTAssertEqual(error("count(dor.fall, 10m)"), "16: unknown signal 'dor'; did you mean 'door'?")
        XCTAssertEqual(error("count(door.rais, 10m)"), "20: unknown attribute '.rais'; did you mean '.rise'?")
        XCTAssertNotNil(compile("count(mode.change, 1m) + count(temp.update, 1m)"))
    }

    func testTimeBetweenErrors() {
        XCTAssertEqual(
            error("time_between(22, 6)"), "23: time_between takes two times of day such as 22:00, found number")
        XCTAssertEqual(
            error("time_between(22:00)"),
            "10: time_between takes two times of day such as 22:00, as in time_between(22:00, 06:00); got 1")
    }

    func testSyntaxErrors() {
        XCTAssertEqual(error("temp > 30 and"), "20: expected an expression after 'and'")
        XCTAssertEqual(error("temp >"), "15: expected an expression after '>'")
        XCTAssertEqual(error("temp > )"), "17: expected an expression after '>', found ')'")
        XCTAssertEqual(error("temp > 30)"), "19: unexpected ')'")
        XCTAssertEqual(error("temp 30"), "15: expected an operator such as 'and' or '>' before '30'")
        XCTAssertEqual(error("temp > 30 degrees"), "20: expected an operator such as 'and' or '>' before 'degrees'")
        XCTAssertEqual(error("abs temp"), "10: 'abs' is a function; call it like abs(x)")
        XCTAssertEqual(error(""), "10: expected an expression")
        XCTAssertEqual(error("   "), "13: expected an expression")
        XCTAssertEqual(error("(temp > 3"), "10: this '(' is never closed; add ')'")
        XCTAssertEqual(error("(temp > 3 door)"), "20: expected ')' after the expression, found 'door'")
        XCTAssertEqual(error("()"), "11: expected an expression inside '( )'")
        XCTAssertEqual(error("avg(temp 10m)"), "19: expected ',' or ')' after an argument, found '10m'")
        XCTAssertEqual(error("avg(temp, )"), "20: expected an argument after ',', found ')'")
        XCTAssertEqual(error("avg(temp, 10m"), "13: the call of 'avg' is never closed; add ')'")
        XCTAssertEqual(
            error("1 < 2 < 3"), "16: comparisons cannot be chained; join them with 'and', such as a < b and b < c")
        XCTAssertEqual(
            error("temp == 1 in [1]"),
            "20: comparisons cannot be chained; join them with 'and', such as a < b and b < c")
        XCTAssertEqual(error("mode in 'auto'"), "18: expected '[' after 'in', such as mode in [\"auto\", \"eco\"]")
        XCTAssertEqual(error("mode in []"), "18: expected at least one value in the list")
        XCTAssertEqual(error("mode in ['a'"), "18: this '[' is never closed; add ']'")
        XCTAssertEqual(error("[1, 2]"), "10: a list [...] can only follow 'in', such as mode in [\"auto\", \"eco\"]")
        XCTAssertEqual(error("door == not armed"), "18: 'not' cannot follow '=='; put it in parentheses: (not ...)")
        XCTAssertEqual(error("temp."), "14: expected an attribute name after '.', such as temp.age")
        XCTAssertEqual(error("* 3"), "10: unexpected '*'")
    }

    func testLexicalErrors() {
        XCTAssertEqual(error("'abc"), "10: unterminated string; close it with '")
        XCTAssertEqual(error("mode == \"auto"), "18: unterminated string; close it with \"")
        XCTAssertEqual(error("'a\\qb'"), "12: unknown escape '\\q' in a string; use \\\\, \\\", \\', \\n or \\t")
        XCTAssertEqual(
            error("temp.age > 5min"), "21: expected a duration such as 500ms, 30s, 5m, 1h30m or 1d, found '5min'")
        XCTAssertEqual(
            error("temp.age > 30s1m"), "21: duration parts must go from larger to smaller units (d h m s ms)")
        XCTAssertEqual(
            error("temp.age > 1.5s"), "21: a duration is made of whole numbers of units, such as 1s500ms; found '1.5s'")
        XCTAssertEqual(error("hour > 7:30"), "17: expected a time of day such as 07:30 (24-hour HH:MM), found '7:30'")
        XCTAssertEqual(error("25:00"), "10: expected a time of day such as 07:30 (24-hour HH:MM), found '25:00'")
        XCTAssertEqual(error("temp > 1e999"), "17: number '1e999' is too large")
        XCTAssertEqual(error("temp > 30 && door"), "20: use 'and' instead of '&&'")
        XCTAssertEqual(error("temp > 30 || door"), "20: use 'or' instead of '||'")
        XCTAssertEqual(error("!door"), "10: use 'not' instead of '!'")
        XCTAssertEqual(error("temp = 30"), "15: use '==' to compare; '=' alone is not an operator")
        XCTAssertEqual(error("temp <> 30"), "15: use '!=' for 'not equal'")
        XCTAssertEqual(error("temp => 30"), "15: use '>=' instead of '=>'")
        XCTAssertEqual(error("temp =< 30"), "15: use '<=' instead of '=<'")
        XCTAssertEqual(error("fan := on"), "14: use '==' to compare; ':=' is not an operator")
        XCTAssertEqual(error("temp > 30 °C"), "20: unexpected character '°'")
        XCTAssertEqual(error("temp > \u{7}30"), "17: unexpected character U+0007")
        XCTAssertEqual(error("temp\u{A0}> 30"), "14: unexpected character U+00A0")
    }

    func testSeveralErrorsInOnePassWithoutCascades() {
        let messages = failures("tmep > 3 and doro or mode == 4").map(\.message)
        XCTAssertEqual(
            messages,
            [
                "unknown signal 'tmep'; did you mean 'temp'?", "unknown signal 'doro'; did you mean 'door'?",
                "cannot compare string with number",
            ])
        // an unknown name poisons what it is part of, silently
        XCTAssertEqual(failures("(tmep + 1) * 2 > 'x' and tmep").map(\.message).count, 2)
        XCTAssertEqual(failures("avg(tmep, 10) > 3").map(\.message).count, 2)
        // lexical errors are all reported, and the expression is still checked
        XCTAssertEqual(
            failures("temp > 30 && door || tmep").map(\.message),
            ["use 'and' instead of '&&'", "use 'or' instead of '||'", "unknown signal 'tmep'; did you mean 'temp'?"])
        XCTAssertEqual(failures("temp > 'abc").map(\.message), ["unterminated string; close it with '"])
    }

    func testHintsForLiteralsOfTheWrongKind() {
        XCTAssertEqual(
            error("temp.age > 5"), "19: cannot compare duration with number; give 5 a unit, such as 5s or 5m")
        XCTAssertEqual(error("door == 'on'"), "15: cannot compare bool with string; write on without quotes")
        XCTAssertEqual(error("door == 1"), "15: cannot compare bool with number; write on instead of 1")
        XCTAssertEqual(error("temp > '30'"), "15: cannot compare number with string; write 30 without quotes")
        XCTAssertEqual(error("mode in ['auto', 3]"), "27: cannot compare string with number")
        XCTAssertEqual(error("mode == auto"), "18: unknown signal 'auto'; to write text, quote it: \"auto\"")
        XCTAssertEqual(error("weekday == sat"), "21: unknown signal 'sat'; to write text, quote it: \"sat\"")
        XCTAssertEqual(error("mode in [auto, 'eco']"), "19: unknown signal 'auto'; to write text, quote it: \"auto\"")
        XCTAssertEqual(error("mode == mdoe"), "18: unknown signal 'mdoe'; did you mean 'mode'?")
        XCTAssertEqual(
            error("avg(temp, '10m')"),
            "20: expected a duration such as 500ms, 30s, 5m, 1h30m or 1d, found string; write 10m without quotes")
        XCTAssertEqual(
            error("time_between('22:00', 06:00)"),
            "23: time_between takes two times of day such as 22:00, found string; write 22:00 without quotes")
        XCTAssertEqual(error("1", expecting: .bool), "10: expected bool, found number; write on instead of 1")
        XCTAssertEqual(error("'off'", expecting: .bool), "10: expected bool, found string; write off without quotes")
        XCTAssertEqual(
            error("count(door.rise)"),
            "10: count takes 2 arguments, an event and a window such as count(door.rise, 10m); got 1")
    }

    func testWarnings() {
        compiler.diagnostics = []
        XCTAssertNotNil(compiler.compile(source("weekday == 'saturday'"), expecting: .bool))
        XCTAssertEqual(compiler.diagnostics.map(\.severity), [.warning])
        XCTAssertEqual(
            compiler.diagnostics.first?.message,
            "weekday is one of mon, tue, wed, thu, fri, sat, sun; 'saturday' never matches")
        XCTAssertEqual(compiler.diagnostics.first?.range.start.column, 21)
        compiler.diagnostics = []
        XCTAssertNotNil(compiler.compile(source("time_between(07:00, 07:00)"), expecting: .bool))
        XCTAssertEqual(compiler.diagnostics.map(\.message), ["time_between with equal times is never true"])
        compiler.diagnostics = []
        XCTAssertNotNil(compiler.compile(source("weekday in ['sat', 'sun']"), expecting: .bool))
        XCTAssertTrue(compiler.diagnostics.isEmpty)
    }

    func testRangesSpanTheToken() {
        let diagnostics = failures("temp > 30 and tmep")
        XCTAssertEqual(diagnostics.first?.range.start, SourcePosition(line: 3, column: 24))
        XCTAssertEqual(diagnostics.first?.range.end, SourcePosition(line: 3, column: 28))
        XCTAssertEqual(diagnostics.first?.range.file, "rules.yaml")
    }
}
