import Foundation
import ReflexCore
import XCTest

@testable import ReflexConfig

final class YAMLLoaderTests: XCTestCase {
    func testNestedMappingAndListRanges() throws {
        let result = YAMLTest.load(
            """
            site: greenhouse
            inputs:
              door:
                gpio: { chip: gpiochip0, line: 17 }
            rules:
              - name: hot
                when: temp > 30
              - name: cold

            """)
        XCTAssertEqual(result.diagnostics.count, 0)
        let root = try XCTUnwrap(result.root)
        XCTAssertEqual(root.keys, ["site", "inputs", "rules"])
        XCTAssertEqual(root.span, "1:1-8:15")
        XCTAssertEqual(root.key("site")?.span, "1:1-1:5")
        XCTAssertEqual(root["site"]?.span, "1:7-1:17")
        XCTAssertEqual(root.key("inputs")?.span, "2:1-2:7")
        let inputs = try XCTUnwrap(root["inputs"])
        XCTAssertEqual(inputs.span, "3:3-4:40")
        XCTAssertEqual(inputs.key("door")?.span, "3:3-3:7")
        let gpio = try XCTUnwrap(inputs["door"]?["gpio"])
        XCTAssertEqual(gpio.span, "4:11-4:40")
        XCTAssertEqual(gpio.key("chip")?.span, "4:13-4:17")
        XCTAssertEqual(gpio["chip"]?.span, "4:19-4:28")
        XCTAssertEqual(gpio["line"]?.text, "17")
        XCTAssertEqual(gpio["line"]?.span, "4:36-4:38")
        let rules = try XCTUnwrap(root["rules"])
        XCTAssertEqual(rules.span, "6:3-8:15")
        XCTAssertEqual(rules[0]?.span, "6:5-7:20")
        XCTAssertEqual(rules[0]?.key("name")?.span, "6:5-6:9")
        XCTAssertEqual(rules[0]?["name"]?.span, "6:11-6:14")
        XCTAssertEqual(rules[0]?["when"]?.text, "temp > 30")
        XCTAssertEqual(rules[0]?["when"]?.span, "7:11-7:20")
        XCTAssertEqual(rules[1]?["name"]?.span, "8:11-8:15")
    }

    func testFlowStyleRanges() throws {
        let root = try XCTUnwrap(YAMLTest.load("{a: 1, b: [x, y]}\n").root)
        XCTAssertEqual(root.span, "1:1-1:18")
        XCTAssertEqual(root.key("a")?.span, "1:2-1:3")
        XCTAssertEqual(root["a"]?.span, "1:5-1:6")
        XCTAssertEqual(root.key("b")?.span, "1:8-1:9")
        let list = try XCTUnwrap(root["b"])
        XCTAssertEqual(list.span, "1:11-1:17")
        XCTAssertEqual(list[0]?.span, "1:12-1:13")
        XCTAssertEqual(list[1]?.text, "y")
        XCTAssertEqual(list[1]?.span, "1:15-1:16")
    }

    func testColumnsCountUnicodeScalars() throws {
        let root = try XCTUnwrap(YAMLTest.load("é: 😀 x\nünïcödé: {ä: ö, 🚀: [ß, z]}\n").root)
        XCTAssertEqual(root.key("é")?.span, "1:1-1:2")
        XCTAssertEqual(root["é"]?.span, "1:4-1:7")
        let flow = try XCTUnwrap(root["ünïcödé"])
        XCTAssertEqual(flow.span, "2:10-2:27")
        XCTAssertEqual(flow["ä"]?.span, "2:14-2:15")
        XCTAssertEqual(flow.key("🚀")?.span, "2:17-2:18")
        XCTAssertEqual(flow["🚀"]?[1]?.span, "2:24-2:25")
    }

    func testNonASCIIBeforeValueInBlockList() throws {
        let root = try XCTUnwrap(YAMLTest.load("- 日本: 東京\n- emoji: \"👍🏽 ok\"\n").root)
        XCTAssertEqual(root[0]?["日本"]?.span, "1:7-1:9")
        XCTAssertEqual(root[1]?["emoji"]?.span, "2:10-2:17")
    }

    func testEmptyAndCommentOnlyFilesHaveNoRoot() {
        for text in ["", "\n\n", "# only a comment\n"] {
            let result = YAMLTest.load(text)
            XCTAssertNil(result.root, text)
            XCTAssertEqual(result.diagnostics.count, 0, text)
        }
    }

    func testScalarsAreUntypedAndKeepStyleAndTag() throws {
        let root = try XCTUnwrap(
            YAMLTest.load(
                """
                a: on
                b: 1
                c: 'on'
                d: "x"
                e: !!str 5
                f: ~
                g:
                h: !custom value

                """
            ).root)
        XCTAssertEqual(root["a"]?.text, "on")
        XCTAssertEqual(root["a"]?.scalar?.style, .plain)
        XCTAssertNil(root["a"]?.tag)
        XCTAssertEqual(root["b"]?.text, "1")
        XCTAssertEqual(root["c"]?.scalar?.style, .singleQuoted)
        XCTAssertEqual(root["d"]?.scalar?.style, .doubleQuoted)
        XCTAssertEqual(root["e"]?.text, "5")
        XCTAssertEqual(root["e"]?.tag, "tag:yaml.org,2002:str")
        XCTAssertEqual(root["e"]?.span, "5:4-5:11")
        XCTAssertEqual(root["f"]?.isNull, true)
        XCTAssertEqual(root["g"]?.isNull, true)
        XCTAssertEqual(root["g"]?.span, "7:3-7:3")
        XCTAssertEqual(root["h"]?.tag, "!custom")
    }

    func testBlockScalarValuesAndStyles() throws {
        let root = try XCTUnwrap(
            YAMLTest.load(
                """
                lit: |
                  one
                   two
                fold: >-
                  a
                  b
                keep: |+
                  x

                end: 1
                """
            ).root)
        XCTAssertEqual(root["lit"]?.text, "one\n two\n")
        XCTAssertEqual(root["lit"]?.scalar?.style, .literal)
        XCTAssertEqual(root["lit"]?.span, "1:6-4:1")
        XCTAssertEqual(root["fold"]?.text, "a b")
        XCTAssertEqual(root["fold"]?.scalar?.style, .folded)
        XCTAssertEqual(root["keep"]?.text, "x\n\n")
        XCTAssertEqual(root["end"]?.span, "10:6-10:7")
    }

    func testAliasIsACopyWithTheAnchoredRange() throws {
        let root = try XCTUnwrap(
            YAMLTest.load(
                """
                base: &b {x: 1}
                name: &n greenhouse
                use: *b
                again: *n

                """
            ).root)
        XCTAssertEqual(root["use"]?["x"]?.text, "1")
        XCTAssertEqual(root["use"]?.span, "1:7-1:16")
        XCTAssertEqual(root["use"]?["x"]?.span, "1:14-1:15")
        XCTAssertEqual(root["again"]?.text, "greenhouse")
        XCTAssertEqual(root["again"]?.span, "2:7-2:20")
    }

    func testMergeKeysExplicitKeysWinThenEarlierMerges() throws {
        let result = YAMLTest.load(
            """
            defaults: &d
              qos: 1
              retain: false
            extra: &e
              qos: 2
              timeout: 5s
            out:
              retain: true
              <<: [*d, *e]
              topic: t

            """)
        XCTAssertEqual(YAMLTest.describe(result.diagnostics), [])
        let out = try XCTUnwrap(result.root?["out"])
        XCTAssertEqual(out.keys, ["retain", "qos", "timeout", "topic"])
        XCTAssertEqual(out["retain"]?.text, "true")
        XCTAssertEqual(out["retain"]?.span, "8:11-8:15")
        XCTAssertEqual(out["qos"]?.text, "1")
        XCTAssertEqual(out.key("qos")?.span, "2:3-2:6")
        XCTAssertEqual(out["qos"]?.span, "2:8-2:9")
        XCTAssertEqual(out["timeout"]?.span, "6:12-6:14")
    }

    func testMergeOfOneMapping() throws {
        let result = YAMLTest.load("a: &a {x: 1, y: 2}\nb:\n  <<: *a\n  y: 3\n")
        XCTAssertEqual(result.diagnostics.count, 0)
        let b = try XCTUnwrap(result.root?["b"])
        XCTAssertEqual(b.keys, ["x", "y"])
        XCTAssertEqual(b["y"]?.text, "3")
        XCTAssertEqual(b["x"]?.span, "1:11-1:12")
    }

    func testMergeOfInlineMappingAndQuotedKeyIsNoMerge() throws {
        let result = YAMLTest.load("a:\n  <<: {x: 1}\n  '<<': literal\n")
        XCTAssertEqual(result.diagnostics.count, 0)
        XCTAssertEqual(result.root?["a"]?.keys, ["x", "<<"])
    }

    func testMergeOfScalarIsAnErrorAtTheMergeKey() {
        let result = YAMLTest.load("a:\n  <<: 5\n  x: 1\n")
        XCTAssertEqual(
            YAMLTest.describe(result.diagnostics),
            ["rules.yaml:2:3: '<<' merges a mapping or a list of mappings, not a scalar"])
        XCTAssertEqual(result.root?["a"]?.keys, ["x"])
    }

    func testMergeListItemThatIsNotAMappingIsAnError() {
        let result = YAMLTest.load("m: &m {x: 1}\na:\n  <<: [*m, [1]]\n")
        XCTAssertEqual(
            YAMLTest.describe(result.diagnostics),
            ["rules.yaml:3:12: '<<' merges mappings; this list item is a list"])
        XCTAssertEqual(result.root?["a"]?.keys, ["x"])
    }

    func testDuplicateKeyIsReportedAtTheLaterOneWithANote() {
        let result = YAMLTest.load("a: 1\nb:\n  x: 1\n  y: 2\n  x: 3\na: 2\n")
        XCTAssertEqual(
            YAMLTest.describe(result.diagnostics),
            [
                "rules.yaml:5:3: duplicate key 'x'", "  rules.yaml:3:3: note: first defined here",
                "rules.yaml:6:1: duplicate key 'a'", "  rules.yaml:1:1: note: first defined here",
            ])
        XCTAssertEqual(result.diagnostics.first?.notes.first?.message, "first defined here")
        XCTAssertEqual(result.root?["b"]?["x"]?.text, "1")
        XCTAssertEqual(result.root?.keys, ["a", "b"])
    }

    func testMergedKeyOverriddenByExplicitKeyIsNoDuplicate() {
        let result = YAMLTest.load("base: &b {x: 1}\nc:\n  <<: *b\n  x: 2\n")
        XCTAssertEqual(result.diagnostics.count, 0)
        XCTAssertEqual(result.root?["c"]?["x"]?.text, "2")
    }

    func testNonScalarKeysAreErrors() {
        let result = YAMLTest.load("? [a, b]\n: 1\n{x: 1}: 2\nok: 3\n")
        XCTAssertEqual(
            YAMLTest.describe(result.diagnostics),
            [
                "rules.yaml:1:3: a key must be a plain name, not a list",
                "rules.yaml:3:1: a key must be a plain name, not a mapping",
            ])
        XCTAssertEqual(result.root?.keys, ["ok"])
    }

    func testUnknownAliasIsAnErrorAtIt() {
        let result = YAMLTest.load("a: 1\nb: *nope\n")
        XCTAssertEqual(
            YAMLTest.describe(result.diagnostics),
            ["rules.yaml:2:4: unknown alias '*nope'; an anchor '&nope' must come before it"])
        XCTAssertEqual(result.diagnostics.first.map { YAMLTest.span($0.range) }, "2:4-2:9")
    }

    func testAliasInsideItsOwnAnchorIsAnError() {
        let result = YAMLTest.load("a: &x [1, *x]\n")
        XCTAssertEqual(
            YAMLTest.describe(result.diagnostics),
            ["rules.yaml:1:11: alias '*x' refers to the node that contains it"])
    }

    func testSecondDocumentIsAnError() {
        let result = YAMLTest.load("a: 1\n---\nb: 2\n")
        XCTAssertEqual(YAMLTest.describe(result.diagnostics), ["rules.yaml:2:1: a rule file holds one YAML document"])
        XCTAssertEqual(result.root?.keys, ["a"])
        let explicit = YAMLTest.load("--- \na: 1\n...\n# next\n--- \nb: 2\n")
        XCTAssertEqual(YAMLTest.describe(explicit.diagnostics), ["rules.yaml:5:1: a rule file holds one YAML document"])
    }

    func testSixtyFourLevelsLoad() throws {
        let text = String(repeating: "[", count: 64) + "x" + String(repeating: "]", count: 64)
        let result = YAMLTest.load(text)
        XCTAssertEqual(result.diagnostics.count, 0)
        var node = try XCTUnwrap(result.root)
        for _ in 0..<64 { node = try XCTUnwrap(node[0]) }
        XCTAssertEqual(node.text, "x")
    }

    func testDepthLimitStopsAtTheSixtyFifthLevel() {
        let text = String(repeating: "[", count: 65) + "x" + String(repeating: "]", count: 65)
        let result = YAMLTest.load(text)
        XCTAssertNil(result.root)
        XCTAssertEqual(YAMLTest.describe(result.diagnostics), ["rules.yaml:1:65: nesting is deeper than 64 levels"])
    }

    func testHundredThousandOpenBracketsGiveOneError() {
        let result = YAMLTest.load(String(repeating: "[", count: 100_000))
        XCTAssertNil(result.root)
        XCTAssertEqual(YAMLTest.describe(result.diagnostics), ["rules.yaml:1:65: nesting is deeper than 64 levels"])
    }

    func testOtherDeepNestingShapesGiveOneError() {
        for (text, column) in [
            (String(repeating: "- ", count: 100_000), 129), (String(repeating: "{a: ", count: 100_000), 257),
        ] {
            let result = YAMLTest.load(text)
            XCTAssertNil(result.root)
            XCTAssertEqual(
                YAMLTest.describe(result.diagnostics), ["rules.yaml:1:\(column): nesting is deeper than 64 levels"])
        }
    }

    func testDeepBlockNestingIsLimitedToo() {
        var text = ""
        for level in 0..<70 { text += String(repeating: " ", count: level * 2) + "k\(level):\n" }
        let result = YAMLTest.load(text)
        XCTAssertNil(result.root)
        XCTAssertEqual(YAMLTest.describe(result.diagnostics), ["rules.yaml:65:129: nesting is deeper than 64 levels"])
    }

    func testBillionLaughsStopsAtTheAlias() {
        var text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        let names = ["b", "c", "d", "e", "f", "g", "h", "i"]
        var previous = "a"
        for name in names {
            text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
            previous = name
        }
        let result = YAMLTest.load(text)
        XCTAssertNil(result.root)
        XCTAssertEqual(result.diagnostics.count, 1)
        let message = result.diagnostics.first?.message ?? ""
        XCTAssertTrue(message.hasPrefix("alias '*e' expands the document past 1000000 nodes"), message)
        // Level e (line 5) holds 10 copies of d (11,111 nodes each); the limit is crossed in f's list on line 6.
        XCTAssertEqual(result.diagnostics.first?.range.start.line, 6)
    }

    func testTenThousandEntriesLoad() throws {
        var text = "rules:\n"
        for i in 0..<10_000 {
            text += "  rule_\(i):\n    when: temp_\(i) > 30\n    for: 2m\n    until: temp < 28\n"
            text += "    hold: { fan: on }\n    message: \"hot: {{ round(temp, 1) }} °C\"\n"
        }
        let result = YAMLTest.load(text)
        XCTAssertEqual(result.diagnostics.count, 0)
        let rules = try XCTUnwrap(result.root?["rules"])
        XCTAssertEqual(rules.keys.count, 10_000)
        XCTAssertEqual(rules.keys.last, "rule_9999")
        let last = try XCTUnwrap(rules["rule_9999"])
        XCTAssertEqual(last.keys, ["when", "for", "until", "hold", "message"])
        XCTAssertEqual(last["when"]?.span, "59997:11-59997:25")
        XCTAssertEqual(result.source.lineCount, 60_002)
    }

    func testLoadFromPathAndUnreadableFile() throws {
        let missing = YAMLLoader.load(path: "/nonexistent/rules.yaml")
        XCTAssertNil(missing.root)
        XCTAssertEqual(
            YAMLTest.describe(missing.diagnostics),
            ["/nonexistent/rules.yaml:1:1: cannot read '/nonexistent/rules.yaml': No such file or directory"])

        let path = NSTemporaryDirectory() + "reflex-yaml-\(getpid()).yaml"
        try Data("reflex: 1\n".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let loaded = YAMLLoader.load(path: path)
        XCTAssertEqual(loaded.root?["reflex"]?.text, "1")
        XCTAssertEqual(loaded.root?["reflex"]?.range.file, path)
        XCTAssertEqual(loaded.source.line(1), "reflex: 1")
    }

    func testSourceFileLines() {
        let file = SourceFile(path: "x", bytes: Array("\u{FEFF}a: 1\r\nb: 2\rc\n\nd".utf8))
        XCTAssertEqual(file.lineCount, 5)
        XCTAssertEqual(file.line(1), "a: 1")
        XCTAssertEqual(file.line(2), "b: 2")
        XCTAssertEqual(file.line(3), "c")
        XCTAssertEqual(file.line(4), "")
        XCTAssertEqual(file.line(5), "d")
        XCTAssertNil(file.line(0))
        XCTAssertNil(file.line(6))
    }

    func testCRLFAndByteOrderMarkPositions() throws {
        let root = try XCTUnwrap(YAMLTest.load("\u{FEFF}a: 1\r\nbb: \"x y\"\r\n").root)
        XCTAssertEqual(root["a"]?.span, "1:4-1:5")
        XCTAssertEqual(root["bb"]?.span, "2:5-2:10")
        XCTAssertEqual(root["bb"]?.scalar.map { YAMLTest.at($0.mapping.position(ofScalarOffset: 2)) }, "2:8")
    }
}
