import XCTest

@testable import ReflexCore

final class TemplateTests: ExpressionTestCase {
    private func template(
        _ text: String, locals: [LocalName] = [], file: StaticString = #filePath, line: UInt = #line
    ) -> CompiledTemplate? {
        compiler.diagnostics = []
        let result = compiler.compileTemplate(source(text), locals: locals)
        if result == nil { XCTFail("\(compiler.diagnostics.map(\.message))", file: file, line: line) }
        return result
    }

    private func render(
        _ text: String, in context: TestContext = .standard, locals: [LocalName] = [],
        file: StaticString = #filePath, line: UInt = #line
    ) -> String {
        guard let compiled = template(text, locals: locals, file: file, line: line) else { return "" }
        var evaluator = ExpressionEvaluator()
        return evaluator.render(compiled, in: context)
    }

    private func templateErrors(_ text: String) -> [String] {
        compiler.diagnostics = []
        XCTAssertNil(compiler.compileTemplate(source(text)))
        return compiler.diagnostics.map { "\($0.range.start.column): \($0.message)" }
    }

    func testParts() {
        guard let t = template("Greenhouse hot: {{ round(temp_avg, 1) }} °C at {{ now }}") else { return }
        XCTAssertEqual(t.parts.count, 4)
        guard case .text(let first) = t.parts[0], case .expression(let e) = t.parts[1],
            case .text(let middle) = t.parts[2], case .expression = t.parts[3]
        else { return XCTFail("\(t.parts)") }
        XCTAssertEqual(first, "Greenhouse hot: ")
        XCTAssertEqual(middle, " °C at ")
        XCTAssertEqual(e.range, t.range, "a part keeps the template's node range")
        XCTAssertNil(t.plainText)
    }

    func testRendering() {
        var context = TestContext.standard
        context.values[6] = .number(31.46)
        XCTAssertEqual(
            render("Greenhouse hot: {{ round(temp_avg, 1) }} °C", in: context), "Greenhouse hot: 31.5 °C")
        XCTAssertEqual(render("Door opened at {{ now }}"), "Door opened at 2026-07-01T14:00:00+02:00")
        XCTAssertEqual(render("{{door}} {{ fan }} {{ mode }} {{ temp }}"), "on off auto 31.5")
        XCTAssertEqual(render("{{ humidity / 3 }}"), "20")
        XCTAssertEqual(render("{{ temp.age }}", in: aged()), "1m30s")
        XCTAssertEqual(render("{{ 07:30 }}-{{ 22:00 }}"), "07:30-22:00")
        XCTAssertEqual(render("{{ weekday }}"), "wed")
        XCTAssertEqual(render("{{ armed and door }}|{{ temp > 40 }}"), "off|off")
        XCTAssertEqual(render("{{ temp_avg }}"), "none")
        XCTAssertEqual(render("{{ 1e21 }} {{ 0.1 + 0.2 }}"), "1e+21 0.30000000000000004")
    }

    private func aged() -> TestContext {
        var context = TestContext.standard
        context.updates[0] = context.now - 90_000
        return context
    }

    func testPayloadTemplateWithValue() {
        let locals = [LocalName("value", type: .bool)]
        var context = TestContext.standard
        context.locals = [.bool(true)]
        XCTAssertEqual(render("{\"open\": {{ json(value) }}}", in: context, locals: locals), "{\"open\": true}")
        context.locals = [.none]
        XCTAssertEqual(render("{\"open\": {{ json(value) }}}", in: context, locals: locals), "{\"open\": null}")
        XCTAssertEqual(render("{\"mode\": {{ json(mode) }}}"), "{\"mode\": \"auto\"}")
    }

    func testPlainTextAndConstantParts() {
        XCTAssertEqual(template("cooled down")?.plainText, "cooled down")
        XCTAssertEqual(template("")?.plainText, "")
        XCTAssertEqual(template("{{ site }}")?.plainText, "greenhouse-a")
        XCTAssertEqual(template("site {{ site }} at {{ 2 * 5m }}")?.plainText, "site greenhouse-a at 10m")
        XCTAssertEqual(template("a }} b } c { d")?.plainText, "a }} b } c { d")
        XCTAssertEqual(template("{{ \"{{\" }} not a part }}")?.plainText, "{{ not a part }}")
        XCTAssertEqual(template("{{ 'a }} b' }}")?.plainText, "a }} b")
        XCTAssertNil(template("{{ temp }}")?.plainText)
    }

    func testErrors() {
        XCTAssertEqual(templateErrors("Temp {{ temp"), ["15: unclosed '{{'; close it with '}}'"])
        XCTAssertEqual(templateErrors("a {{ temp }} b {{"), ["25: unclosed '{{'; close it with '}}'"])
        XCTAssertEqual(templateErrors("x {{ }}"), ["12: expected an expression inside '{{ }}'"])
        XCTAssertEqual(
            templateErrors("{{ tmep }} and {{ dor }}"),
            ["13: unknown signal 'tmep'; did you mean 'temp'?", "28: unknown signal 'dor'; did you mean 'door'?"])
        XCTAssertEqual(templateErrors("{{ 'abc }}"), ["13: unterminated string; close it with '"])
        XCTAssertEqual(templateErrors("{{ temp > }}"), ["18: expected an expression after '>'"])
        XCTAssertEqual(templateErrors("{{ door.rise }}"), ["17: `.rise` is an event; use it in `on:` or in count(...)"])
    }
}
