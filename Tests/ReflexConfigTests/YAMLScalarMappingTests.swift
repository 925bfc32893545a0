import ReflexCore
import XCTest

@testable import ReflexConfig

final class YAMLScalarMappingTests: XCTestCase {
    /// The value of `key` in a top-level mapping and a function from value offsets to "line:column".
    private func scalar(_ text: String, _ key: String = "v", file: StaticString = #filePath, line: UInt = #line)
        throws -> (value: String, at: (Int) -> String)
    {
        let result = YAMLTest.load(text)
        XCTAssertEqual(YAMLTest.describe(result.diagnostics), [], file: file, line: line)
        let node = try XCTUnwrap(result.root?[key], file: file, line: line)
        let s = try XCTUnwrap(node.scalar, file: file, line: line)
        return (s.value, { YAMLTest.at(s.mapping.position(ofScalarOffset: $0)) })
    }

    /// Offset of `word` in `value`, in Unicode scalars.
    private func offset(of word: String, in value: String) -> Int {
        let scalars = Array(value.unicodeScalars)
        let target = Array(word.unicodeScalars)
        for i in 0...(scalars.count - target.count) where Array(scalars[i..<(i + target.count)]) == target {
            return i
        }
        XCTFail("'\(word)' not in '\(value)'")
        return -1
    }

    func testMappingFitsTheExistentialInlineBuffer() {
        XCTAssertLessThanOrEqual(MemoryLayout<YAMLScalarMapping>.size, 3 * MemoryLayout<Int>.size)
    }

    func testPlainSingleLine() throws {
        let (value, at) = try scalar("v: temp > 30   # comment\n")
        XCTAssertEqual(value, "temp > 30")
        XCTAssertEqual(at(0), "1:4")
        XCTAssertEqual(at(7), "1:11")
        XCTAssertEqual(at(9), "1:13", "the end is just past the last character")
    }

    func testPlainAfterNonASCII() throws {
        let (value, at) = try scalar("v: 😀é tmep\n")
        XCTAssertEqual(at(offset(of: "tmep", in: value)), "1:7")
        XCTAssertEqual(at(value.unicodeScalars.count), "1:11")
    }

    func testSingleQuotedWithDoubledQuote() throws {
        let (value, at) = try scalar("v: 'it''s tmep'\n")
        XCTAssertEqual(value, "it's tmep")
        XCTAssertEqual(at(0), "1:5")
        XCTAssertEqual(at(2), "1:7", "the ' made of '' maps to its first quote")
        XCTAssertEqual(at(3), "1:9")
        XCTAssertEqual(at(5), "1:11")
        XCTAssertEqual(at(9), "1:15", "the end is the closing quote")
    }

    func testDoubleQuotedExpressionWithEscapes() throws {
        let (value, at) = try scalar(#"v: "a \"b\" + tmep""# + "\n")
        XCTAssertEqual(value, #"a "b" + tmep"#)
        XCTAssertEqual(at(0), "1:5")
        XCTAssertEqual(at(2), "1:7", "an escaped quote maps to its backslash")
        XCTAssertEqual(at(3), "1:9")
        XCTAssertEqual(at(4), "1:10")
        XCTAssertEqual(at(offset(of: "tmep", in: value)), "1:15")
        XCTAssertEqual(at(value.unicodeScalars.count), "1:19")
    }

    func testEveryDoubleQuotedEscapeMapsToItsBackslash() throws {
        let (value, at) = try scalar(#"v: "\x41\u00e9\U0001F600\\\n\t\"z""# + "\n")
        XCTAssertEqual(value, "Aé😀\\\n\t\"z")
        let expected = ["1:5", "1:9", "1:15", "1:25", "1:27", "1:29", "1:31", "1:33", "1:34"]
        XCTAssertEqual((0...8).map(at), expected)
    }

    func testDoubleQuotedAfterEmoji() throws {
        let (value, at) = try scalar("a: \"😀\"\nv: \"😀 x + tmep\"\n")
        XCTAssertEqual(at(offset(of: "tmep", in: value)), "2:11")
    }

    func testMultiLinePlainFoldsBreaksToSpaces() throws {
        let (value, at) = try scalar(
            """
            v: temp > 30
              and   tmep < 40
              or x


              or y
            w: 1
            """)
        XCTAssertEqual(value, "temp > 30 and   tmep < 40 or x\n\nor y")
        XCTAssertEqual(at(9), "1:13", "a folded break maps to the line break")
        XCTAssertEqual(at(10), "2:3", "continuation indentation is skipped")
        XCTAssertEqual(at(13), "2:6")
        XCTAssertEqual(at(offset(of: "tmep", in: value)), "2:9")
        XCTAssertEqual(at(offset(of: "or x", in: value)), "3:3")
        XCTAssertEqual(at(offset(of: "\n", in: value)), "4:1", "each further break is one newline")
        XCTAssertEqual(at(offset(of: "or y", in: value)), "6:3")
        XCTAssertEqual(at(value.unicodeScalars.count), "6:7")
    }

    func testMultiLinePlainInAListWithTrailingSpaces() throws {
        let result = YAMLTest.load("- a b  \n  c\n- d\n")
        let s = try XCTUnwrap(result.root?[0]?.scalar)
        XCTAssertEqual(s.value, "a b c")
        XCTAssertEqual(YAMLTest.at(s.mapping.position(ofScalarOffset: 3)), "1:8")
        XCTAssertEqual(YAMLTest.at(s.mapping.position(ofScalarOffset: 4)), "2:3")
        XCTAssertEqual(YAMLTest.at(s.mapping.position(ofScalarOffset: 5)), "2:4")
    }

    func testMultiLineSingleQuoted() throws {
        let (value, at) = try scalar("v: 'x  \n   y''s\n\n  z '\n")
        XCTAssertEqual(value, "x y's\nz ")
        XCTAssertEqual(at(1), "1:8")
        XCTAssertEqual(at(2), "2:4")
        XCTAssertEqual(at(3), "2:5")
        XCTAssertEqual(at(4), "2:7")
        XCTAssertEqual(at(5), "3:1")
        XCTAssertEqual(at(6), "4:3")
        XCTAssertEqual(at(7), "4:4", "blanks before the closing quote are kept")
        XCTAssertEqual(at(8), "4:5")
    }

    func testMultiLineDoubleQuotedWithEscapedBreak() throws {
        let (value, at) = try scalar("v: \"abc \\\n    def\n  g\\\n\n  h\"\n")
        XCTAssertEqual(value, "abc def g\nh")
        XCTAssertEqual(at(3), "1:8", "blanks before an escaped break are kept")
        XCTAssertEqual(at(4), "2:5", "an escaped break makes nothing")
        XCTAssertEqual(at(7), "2:8")
        XCTAssertEqual(at(8), "3:3")
        XCTAssertEqual(at(9), "4:1")
        XCTAssertEqual(at(10), "5:3")
        XCTAssertEqual(at(11), "5:4")
    }

    func testLiteralBlock() throws {
        let (value, at) = try scalar(
            """
            v: |
              line one
                indented tmep

              end
            w: 1
            """)
        XCTAssertEqual(value, "line one\n  indented tmep\n\nend\n")
        XCTAssertEqual(at(0), "2:3")
        XCTAssertEqual(at(8), "2:11", "a kept line break maps to the break")
        XCTAssertEqual(at(9), "3:3", "spaces past the indentation are content")
        XCTAssertEqual(at(offset(of: "tmep", in: value)), "3:14")
        XCTAssertEqual(at(offset(of: "\n\n", in: value) + 1), "4:1")
        XCTAssertEqual(at(offset(of: "end", in: value)), "5:3")
        XCTAssertEqual(at(value.unicodeScalars.count), "6:1")
    }

    func testFoldedBlock() throws {
        let (value, at) = try scalar(
            """
            v: >-
              one
              two

              three
                more
              four
            """)
        XCTAssertEqual(value, "one two\nthree\n  more\nfour")
        XCTAssertEqual(at(3), "2:6", "a folded break maps to the break")
        XCTAssertEqual(at(4), "3:3")
        XCTAssertEqual(at(7), "4:1", "an empty line is one newline")
        XCTAssertEqual(at(8), "5:3")
        XCTAssertEqual(at(offset(of: "more", in: value)), "6:5")
        XCTAssertEqual(at(offset(of: "four", in: value)), "7:3")
        XCTAssertEqual(at(value.unicodeScalars.count), "7:7")
    }

    func testBlockWithIndentationIndicatorInsideAList() throws {
        let result = YAMLTest.load("list:\n  - |2\n      x\n    y\n")
        let s = try XCTUnwrap(result.root?["list"]?[0]?.scalar)
        XCTAssertEqual(s.value, "  x\ny\n")
        XCTAssertEqual(YAMLTest.at(s.mapping.position(ofScalarOffset: 0)), "3:5")
        XCTAssertEqual(YAMLTest.at(s.mapping.position(ofScalarOffset: 2)), "3:7")
        XCTAssertEqual(YAMLTest.at(s.mapping.position(ofScalarOffset: 4)), "4:5")
    }

    func testIndentationIndicatorUnderAnchoredCollections() throws {
        let result = YAMLTest.load("a: &m\n  k: |1\n    x\nb: !!seq\n  - |1\n     y\nc: &q\n- |1\n  z\n")
        XCTAssertEqual(YAMLTest.describe(result.diagnostics), [])
        let k = try XCTUnwrap(result.root?["a"]?["k"]?.scalar)
        XCTAssertEqual(k.value, " x\n")
        XCTAssertEqual(YAMLTest.at(k.mapping.position(ofScalarOffset: 1)), "3:5")
        let b = try XCTUnwrap(result.root?["b"]?[0]?.scalar)
        XCTAssertEqual(b.value, "  y\n")
        XCTAssertEqual(YAMLTest.at(b.mapping.position(ofScalarOffset: 2)), "6:6")
        let c = try XCTUnwrap(result.root?["c"]?[0]?.scalar)
        XCTAssertEqual(c.value, " z\n")
        XCTAssertEqual(YAMLTest.at(c.mapping.position(ofScalarOffset: 1)), "9:3")
    }

    func testBlockWithLeadingEmptyLinesAndKeepChomping() throws {
        let (value, at) = try scalar("v: |+ # note\n\n  a\n\n")
        XCTAssertEqual(value, "\na\n\n")
        XCTAssertEqual(at(0), "2:1")
        XCTAssertEqual(at(1), "3:3")
        XCTAssertEqual(at(2), "3:4")
        XCTAssertEqual(at(3), "4:1")
    }

    func testAnchorsAndTagsBeforeTheScalarAreSkipped() throws {
        let (value, at) = try scalar("v: &x !!str  \"q tmep\"\nw: *x\n")
        XCTAssertEqual(at(offset(of: "tmep", in: value)), "1:17")
        let (_, plainAt) = try scalar("v: !!str\n  # comment\n  &a plain text\n")
        XCTAssertEqual(plainAt(6), "3:12")
        let (_, aliasAt) = try scalar("v: &x !!str  \"q tmep\"\nw: *x\n", "w")
        XCTAssertEqual(aliasAt(2), "1:17", "an alias maps into the anchored text")
    }

    func testEmptyScalars() throws {
        XCTAssertEqual(try scalar("v: \"\"\n").at(0), "1:5")
        XCTAssertEqual(try scalar("v: ''\n").at(0), "1:5")
        XCTAssertEqual(try scalar("v:\nw: 1\n").at(0), "1:3")
    }

    func testFlowScalars() throws {
        let result = YAMLTest.load("v: {a: x y, b: [\"p\\tq\", 'r''s']}\n")
        let flow = try XCTUnwrap(result.root?["v"])
        let third = { (node: YAMLNode?) in node?.scalar.map { YAMLTest.at($0.mapping.position(ofScalarOffset: 2)) } }
        XCTAssertEqual(third(flow["a"]), "1:10")
        XCTAssertEqual(third(flow["b"]?[0]), "1:21")
        XCTAssertEqual(third(flow["b"]?[1]), "1:29")
    }

    func testCRLFLineBreaks() throws {
        let (value, at) = try scalar("v: a\r\n  b\r\nw: \"c\r\n  d\"\r\n")
        XCTAssertEqual(value, "a b")
        XCTAssertEqual(at(1), "1:5")
        XCTAssertEqual(at(2), "2:3")
        let (_, quotedAt) = try scalar("v: a\r\n  b\r\nw: \"c\r\n  d\"\r\n", "w")
        XCTAssertEqual(quotedAt(2), "4:3")
    }

    func testSourceTextUsesTheMapping() throws {
        let node = try XCTUnwrap(YAMLTest.load("when: \"temp > 30 and tmep\"\n").root?["when"])
        let text = try XCTUnwrap(node.sourceText)
        XCTAssertEqual(YAMLTest.span(text.range(from: 14, to: 18)), "1:22-1:26")
    }

    /// Property check: every value character that stands for itself in the source is found at the mapped place.
    func testLiteralCharactersMapToThemselves() throws {
        let documents = [
            "v: plain words here\n", "v: 'single ''quoted'' text'\n", "v: \"double \\\"q\\\" é 😀 x\"\n",
            "v: multi\n  line\n\n  plain\n", "v: |\n  lit\n    eral\n\n  end\n", "v: >\n  fo\n  ld\n\n   ed\n  x\n",
            "v: [a b, 'c d', \"e\\nf\"]\n", "- k: &x  ü ß\n- *x\n",
        ]
        for text in documents {
            let result = YAMLTest.load(text)
            XCTAssertEqual(result.diagnostics.count, 0, text)
            var scalars: [YAMLScalar] = []
            var work = [try XCTUnwrap(result.root)]
            while let node = work.popLast() {
                switch node.kind {
                case .scalar(let s): scalars.append(s)
                case .sequence(let items): work += items
                case .mapping(let pairs): work += pairs.flatMap { [$0.key, $0.value] }
                }
            }
            for s in scalars {
                for (i, character) in s.value.unicodeScalars.enumerated() where character != " " && character != "\n" {
                    let p = s.mapping.position(ofScalarOffset: i)
                    let line = Array((result.source.line(Int(p.line)) ?? "").unicodeScalars)
                    let column = Int(p.column) - 1
                    guard column < line.count else {
                        XCTFail("\(text): offset \(i) of '\(s.value)' maps past line \(p.line)")
                        continue
                    }
                    if line[column] == "\\" { continue }
                    XCTAssertEqual(line[column], character, "\(text): offset \(i) of '\(s.value)'")
                }
            }
        }
    }
}
