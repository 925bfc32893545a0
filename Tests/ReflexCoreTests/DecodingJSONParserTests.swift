import XCTest

@testable import ReflexCore

final class DecodingJSONParserTests: XCTestCase {
    private func parse(_ text: String) -> Result<JSONValue, JSONParseError> {
        JSONParser.parse(Array(text.utf8))
    }

    private func failure(_ text: String) -> JSONParseError? {
        if case .failure(let error) = parse(text) { return error }
        return nil
    }

    private func path(_ components: [JSONPath.Component]) -> JSONPath {
        JSONPath(components: components, text: "$")
    }

    func testParsesEveryKindOfValue() throws {
        let value = try parse(#" {"a": [1, -2.5e1, true, false, null], "b": {"c": "d"}, "e": ""} "#).get()
        XCTAssertEqual(
            value,
            .object([
                .init(key: "a", value: .array([.number(1), .number(-25), .bool(true), .bool(false), .null])),
                .init(key: "b", value: .object([.init(key: "c", value: .string("d"))])),
                .init(key: "e", value: .string("")),
            ]))
        XCTAssertEqual(try parse("[]").get(), .array([]))
        XCTAssertEqual(try parse("{}").get(), .object([]))
        XCTAssertEqual(try parse("\t\r\n 42 \n").get(), .number(42))
    }

    func testNumbersFollowTheJSONGrammar() throws {
        XCTAssertEqual(try parse("1e3").get(), .number(1000))
        XCTAssertEqual(try parse("1E+3").get(), .number(1000))
        XCTAssertEqual(try parse("0.5").get(), .number(0.5))
        XCTAssertEqual(try parse("-0").get(), .number(0))
        XCTAssertEqual(try parse("1e-400").get(), .number(0))
        for bad in ["01", "1.", ".5", "-", "+1", "1e", "1e+", "0x10", "NaN", "Infinity", "-inf"] {
            XCTAssertNotNil(failure(bad), bad)
        }
        XCTAssertEqual(failure("01"), JSONParseError(offset: 1, reason: .invalidNumber))
        XCTAssertEqual(failure("[1.]"), JSONParseError(offset: 3, reason: .invalidNumber))
    }

    func testNumberTooLargeForADoubleIsAnError() {
        XCTAssertEqual(failure("1e400"), JSONParseError(offset: 0, reason: .numberOutOfRange))
        XCTAssertEqual(failure("[0, -1e309]"), JSONParseError(offset: 4, reason: .numberOutOfRange))
        XCTAssertEqual(
            failure(String(repeating: "9", count: 400)), JSONParseError(offset: 0, reason: .numberOutOfRange))
    }

    func testStringEscapesAndSurrogatePairs() throws {
        XCTAssertEqual(try parse(#""a\"b\\c\/d\b\f\n\r\t""#).get(), .string("a\"b\\c/d\u{08}\u{0C}\n\r\t"))
        XCTAssertEqual(try parse(#""\u00e9\u20AC""#).get(), .string("é€"))
        XCTAssertEqual(try parse(#""\ud83d\ude00""#).get(), .string("😀"))
        XCTAssertEqual(try parse(#""\u0000""#).get(), .string("\u{0}"))
        XCTAssertEqual(try parse("\"grüße 😀\"").get(), .string("grüße 😀"))
        XCTAssertEqual(failure(#""\ud83d""#), JSONParseError(offset: 1, reason: .loneSurrogate))
        XCTAssertEqual(failure(#""\ud83dx""#), JSONParseError(offset: 1, reason: .loneSurrogate))
        XCTAssertEqual(failure(#""\ud83d\u0041""#), JSONParseError(offset: 1, reason: .loneSurrogate))
        XCTAssertEqual(failure(#""\ude00""#), JSONParseError(offset: 1, reason: .loneSurrogate))
        XCTAssertEqual(failure(#""\x""#), JSONParseError(offset: 1, reason: .invalidEscape))
        XCTAssertEqual(failure(#""\u12G4""#), JSONParseError(offset: 1, reason: .invalidEscape))
        XCTAssertEqual(failure("\"a\nb\""), JSONParseError(offset: 2, reason: .controlCharacter))
    }

    func testRejectsInvalidUTF8InStrings() {
        let cases: [[UInt8]] = [
            [0x22, 0xFF, 0x22],  // never valid
            [0x22, 0x80, 0x22],  // stray continuation
            [0x22, 0xC0, 0xAF, 0x22],  // overlong '/'
            [0x22, 0xE0, 0x80, 0xAF, 0x22],  // overlong
            [0x22, 0xED, 0xA0, 0x80, 0x22],  // encoded surrogate
            [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // past U+10FFFF
            [0x22, 0xE2, 0x82, 0x22],  // cut short
        ]
        for bytes in cases {
            XCTAssertEqual(
                JSONParser.parse(bytes), .failure(JSONParseError(offset: 1, reason: .invalidUTF8)), "\(bytes)")
        }
        XCTAssertEqual(JSONParser.parse([0x22, 0xE2, 0x82]), .failure(JSONParseError(offset: 1, reason: .invalidUTF8)))
    }

    func testTruncatedAndMalformedDocumentsFailWithTheirOffset() {
        XCTAssertEqual(failure(""), JSONParseError(offset: 0, reason: .unexpectedEnd))
        XCTAssertEqual(failure("   "), JSONParseError(offset: 3, reason: .unexpectedEnd))
        XCTAssertEqual(failure(#"{"a": 1"#), JSONParseError(offset: 7, reason: .unexpectedEnd))
        XCTAssertEqual(failure(#"{"a": "#), JSONParseError(offset: 6, reason: .unexpectedEnd))
        XCTAssertEqual(failure(#"{"a"#), JSONParseError(offset: 3, reason: .unexpectedEnd))
        XCTAssertEqual(failure("[1, 2"), JSONParseError(offset: 5, reason: .unexpectedEnd))
        XCTAssertEqual(failure("[1,]"), JSONParseError(offset: 3, reason: .unexpectedCharacter))
        XCTAssertEqual(failure(#"{"a" 1}"#), JSONParseError(offset: 5, reason: .unexpectedCharacter))
        XCTAssertEqual(failure("{a: 1}"), JSONParseError(offset: 1, reason: .unexpectedCharacter))
        XCTAssertEqual(failure("tru"), JSONParseError(offset: 3, reason: .unexpectedEnd))
        XCTAssertEqual(failure("nul1"), JSONParseError(offset: 0, reason: .unexpectedCharacter))
        XCTAssertEqual(failure("1 2"), JSONParseError(offset: 2, reason: .trailingCharacters))
        XCTAssertEqual(failure("{} x"), JSONParseError(offset: 3, reason: .trailingCharacters))
        XCTAssertEqual(failure("\u{FEFF}1"), JSONParseError(offset: 0, reason: .unexpectedCharacter))
    }

    func testNestingIsLimitedTo64Levels() throws {
        let deepest = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        XCTAssertNoThrow(try parse(deepest).get())
        let tooDeep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        XCTAssertEqual(failure(tooDeep), JSONParseError(offset: 64, reason: .tooDeep))
        let objects = String(repeating: #"{"a":"#, count: 65) + "1" + String(repeating: "}", count: 65)
        XCTAssertEqual(failure(objects)?.reason, .tooDeep)
    }

    func testTenThousandOpenBracketsFailWithoutCrashing() {
        XCTAssertEqual(failure(String(repeating: "[", count: 10_000)), JSONParseError(offset: 64, reason: .tooDeep))
        let steps = JSONParser.Step.steps(path([.index(0), .index(0)]))
        let bytes = Array(String(repeating: "[", count: 10_000).utf8)
        let result = bytes.withUnsafeBytes { JSONParser.value(at: steps, in: $0) }
        XCTAssertEqual(result, .failure(JSONParseError(offset: 64, reason: .tooDeep)))
    }

    func testPathLookupInTheDocument() throws {
        let doc = try parse(#"{"a": {"b": [10, {"c": "x"}]}, "key with space": 1, "d": 1, "d": 2}"#).get()
        XCTAssertEqual(doc.value(at: path([])), doc)
        XCTAssertEqual(doc.value(at: path([.key("a"), .key("b"), .index(0)])), .number(10))
        XCTAssertEqual(doc.value(at: path([.key("a"), .key("b"), .index(1), .key("c")])), .string("x"))
        XCTAssertEqual(doc.value(at: path([.key("key with space")])), .number(1))
        XCTAssertEqual(doc.value(at: path([.key("d")])), .number(2), "the last duplicate wins")
        XCTAssertNil(doc.value(at: path([.key("a"), .key("b"), .index(2)])))
        XCTAssertNil(doc.value(at: path([.key("a"), .index(0)])))
        XCTAssertNil(doc.value(at: path([.key("a"), .key("b"), .key("0")])))
        XCTAssertNil(doc.value(at: path([.key("zzz")])))
    }

    func testFollowingAPathAgreesWithLookupInTheDocument() throws {
        let texts = [
            #"{"a": {"b": [10, {"c": "x"}]}, "d": 1, "d": {"e": 2}, "f": null}"#,
            #"[{"a": 1}, [2, 3], "s", {"a": {"a": [true]}}]"#,
            #"{"a": {"x": 1}, "a": {"y": 2}, "é\u00e9": 3, "\ud83d\ude00": [4]}"#,
            "7",
        ]
        let paths: [[JSONPath.Component]] = [
            [], [.key("a")], [.key("a"), .key("b"), .index(1), .key("c")], [.key("d")], [.key("d"), .key("e")],
            [.key("f")], [.index(0)], [.index(0), .key("a")], [.index(1), .index(1)],
            [.index(3), .key("a"), .key("a")],
            [.key("a"), .key("x")], [.key("a"), .key("y")], [.key("éé")], [.key("😀"), .index(0)], [.index(9)],
        ]
        for text in texts {
            let bytes = Array(text.utf8)
            let doc = try JSONParser.parse(bytes).get()
            for components in paths {
                let steps = JSONParser.Step.steps(path(components))
                let followed = try bytes.withUnsafeBytes { try JSONParser.value(at: steps, in: $0).get() }
                XCTAssertEqual(followed, doc.value(at: path(components)), "\(text) \(components)")
            }
        }
    }

    func testFollowingAPathStillChecksTheWholeDocument() {
        let steps = JSONParser.Step.steps(path([.key("a")]))
        for text in [#"{"a": 1, "b": [1,]}"#, #"{"a": 1} x"#, #"{"b": "\ud800", "a": 1}"#, #"{"a": 1, "b": 1e999}"#] {
            let bytes = Array(text.utf8)
            let result = bytes.withUnsafeBytes { JSONParser.value(at: steps, in: $0) }
            guard case .failure = result else { return XCTFail("accepted \(text)") }
        }
    }

    func testArbitraryBytesNeverCrashTheParser() {
        var generator = SeededGenerator(seed: 0x5EED)
        let alphabet =
            Array(#"{}[],:"\ -+.0123456789eEtruefalsnl"#.utf8) + [0x00, 0x1F, 0x80, 0xC3, 0xA9, 0xED, 0xF4, 0xFF]
        let steps = JSONParser.Step.steps(path([.key("a"), .index(0)]))
        for _ in 0..<5_000 {
            let count = Int(generator.next() % 40)
            let bytes = (0..<count).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            let whole = JSONParser.parse(bytes)
            let followed = bytes.withUnsafeBytes { JSONParser.value(at: steps, in: $0) }
            switch (whole, followed) {
            case (.success, .success), (.failure, .failure): break
            default: XCTFail("parse and follow disagree on \(bytes)")
            }
        }
    }
}
