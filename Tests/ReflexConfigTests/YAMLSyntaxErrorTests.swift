import ReflexCore
import XCTest

@testable import ReflexConfig

final class YAMLSyntaxErrorTests: XCTestCase {
    private func errors(_ text: String) -> [String] {
        let result = YAMLTest.load(text)
        XCTAssertNil(result.root, "a syntax error leaves no tree")
        return YAMLTest.describe(result.diagnostics)
    }

    private func errors(bytes: [UInt8]) -> [String] {
        let result = YAMLLoader.load(bytes, file: "rules.yaml")
        XCTAssertNil(result.root, "a syntax error leaves no tree")
        return YAMLTest.describe(result.diagnostics)
    }

    func testUnclosedQuoteIsReportedWhereTheFileEndsWithANoteAtTheQuote() {
        XCTAssertEqual(
            errors("a: \"abc\nb: 1\n"),
            [
                "rules.yaml:3:1: YAML syntax error: the file ends inside a quoted string; its closing quote is missing",
                "  rules.yaml:1:4: note: the string starts here",
            ])
    }

    func testBadIndentation() {
        XCTAssertEqual(
            errors("a:\n  b: 1\n c: 2\n"),
            [
                "rules.yaml:3:2: YAML syntax error: expected a key of the mapping here; check the indentation "
                    + "(the keys of one mapping start in the same column)",
                "  rules.yaml:1:1: note: the mapping starts here",
            ])
        XCTAssertEqual(
            errors("a:\n  - x\n  y: 1\n"),
            [
                "rules.yaml:3:3: YAML syntax error: expected a '- ' list item here; check the indentation "
                    + "(the items of one list start in the same column)",
                "  rules.yaml:2:3: note: the list starts here",
            ])
    }

    func testTabIndentation() {
        XCTAssertEqual(
            errors("a:\n\tb: 1\n"), ["rules.yaml:2:1: YAML syntax error: tabs cannot indent YAML; use spaces"])
        XCTAssertEqual(
            errors("x: |\n  a\n\tb\n"), ["rules.yaml:3:1: YAML syntax error: tabs cannot indent YAML; use spaces"])
    }

    func testInvalidUTF8IsReportedAtTheByte() {
        XCTAssertEqual(
            errors(bytes: Array("a: 1\nb: x".utf8) + [0xFF] + Array("y\n".utf8)),
            [
                "rules.yaml:2:5: YAML syntax error: the file is not valid UTF-8: byte 0xFF cannot start a "
                    + "character; save the file as UTF-8"
            ])
        XCTAssertEqual(
            errors(bytes: Array("é: ü".utf8) + [0xC3, 0x28]),
            [
                "rules.yaml:1:5: YAML syntax error: the file is not valid UTF-8: byte 0x28 cannot continue a "
                    + "character; save the file as UTF-8"
            ])
        XCTAssertEqual(
            errors(bytes: Array("a: x".utf8) + [0xE2, 0x82, 0x28]),
            [
                "rules.yaml:1:5: YAML syntax error: the file is not valid UTF-8: byte 0x28 cannot continue a "
                    + "character; save the file as UTF-8"
            ])
        XCTAssertEqual(
            errors(bytes: Array("a: x".utf8) + [0xE2, 0x82]),
            ["rules.yaml:1:5: YAML syntax error: the file is not valid UTF-8: the last character is cut off"])
    }

    func testInvalidUTF8FarIntoTheFileUsesTheAbsoluteOffset() {
        var text = ""
        for i in 0..<2_000 { text += "key_\(i): value \(i) é\n" }
        XCTAssertEqual(
            errors(bytes: Array(text.utf8) + Array("last: ab".utf8) + [0x80]),
            [
                "rules.yaml:2001:9: YAML syntax error: the file is not valid UTF-8: byte 0x80 cannot start a "
                    + "character; save the file as UTF-8"
            ])
    }

    func testControlCharacter() {
        XCTAssertEqual(
            errors("a: b\u{1}\n"),
            ["rules.yaml:1:5: YAML syntax error: control character U+0001 is not allowed in YAML text"])
    }

    func testMappingValuesNotAllowedGetsAHint() {
        let hint =
            "YAML syntax error: mapping values are not allowed here; quote a value that contains ': ', and check "
            + "that the key before it has a space after its ':' and the right indentation"
        XCTAssertEqual(errors("a: b: c\n"), ["rules.yaml:1:5: " + hint])
        XCTAssertEqual(errors("url: x\nmsg: hot: 30\n"), ["rules.yaml:2:9: " + hint])
        XCTAssertEqual(errors("when:temp > 30\n  for: 2m\n"), ["rules.yaml:2:6: " + hint])
    }

    func testUnclosedFlowList() {
        XCTAssertEqual(
            errors("a: [1, 2\nb: 3\n"),
            [
                "rules.yaml:2:2: YAML syntax error: expected ',' or ']' in a [ ] list",
                "  rules.yaml:1:4: note: the list starts here",
            ])
        XCTAssertEqual(
            errors("a: [1, 2]]\n"), ["rules.yaml:1:10: YAML syntax error: found ']' with no '[' open before it"])
    }

    func testUnknownEscape() {
        XCTAssertEqual(
            errors("a: \"C:\\q\"\n"),
            [
                "rules.yaml:1:7: YAML syntax error: unknown escape '\\q' in a double-quoted string; write '\\\\' for "
                    + "a backslash, or use single quotes",
                "  rules.yaml:1:4: note: the string starts here",
            ])
    }

    func testReservedIndicator() {
        XCTAssertEqual(
            errors("a: @home\n"),
            ["rules.yaml:1:4: YAML syntax error: '@' cannot start a plain value; put the value in quotes"])
    }

    func testContentAfterTheDocument() {
        XCTAssertEqual(
            errors("a: 1\n...\nb: 2\n"),
            [
                "rules.yaml:3:1: YAML syntax error: unexpected content after the end of the document; a rule file "
                    + "holds one YAML document (check the indentation of this line and the lines above it)"
            ])
    }

    func testListItemAfterAKeyOnTheSameLine() {
        XCTAssertEqual(
            errors("a: - x\n"),
            [
                "rules.yaml:1:4: YAML syntax error: a '- ' list item cannot follow a key on the same line; start the "
                    + "list on the next line"
            ])
    }

    func testEarlierFindingsAreKeptWithTheSyntaxError() {
        XCTAssertEqual(
            errors("a: 1\na: 2\nb: \"x\n"),
            [
                "rules.yaml:2:1: duplicate key 'a'", "  rules.yaml:1:1: note: first defined here",
                "rules.yaml:4:1: YAML syntax error: the file ends inside a quoted string; its closing quote is missing",
                "  rules.yaml:3:4: note: the string starts here",
            ])
    }

    func testUTF16IsRefused() {
        XCTAssertEqual(
            errors(bytes: [0xFF, 0xFE, 0x61, 0x00]), ["rules.yaml:1:1: the file is UTF-16 text; save it as UTF-8"])
    }
}
