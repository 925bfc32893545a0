import XCTest

@testable import ReflexCore

final class DecodingPayloadTests: XCTestCase {
    private func decoder(_ type: ValueType, _ components: [JSONPath.Component]? = nil) -> PayloadDecoder {
        PayloadDecoder(type: type, json: components.map { JSONPath(components: $0, text: "$.path") })!
    }

    private func decode(_ type: ValueType, _ payload: String, json: [JSONPath.Component]? = nil)
        -> Result<Value, DecodeFailure>
    {
        decoder(type, json).decode(Array(payload.utf8))
    }

    func testPlainBoolWords() {
        let table: [(String, Bool)] = [
            ("on", true), ("off", false), ("true", true), ("false", false), ("1", true), ("0", false),
            ("yes", true), ("no", false), ("ON", true), (" ON ", true), ("Off\n", false), ("\tYeS\r\n", true),
            ("TRUE", true), ("No", false),
        ]
        for (payload, value) in table {
            XCTAssertEqual(decode(.bool, payload), .success(.bool(value)), payload)
        }
        for payload in ["", " ", "o n", "enabled", "2", "1.0", "onn", "y", "t", "\"on\"", "ön"] {
            XCTAssertEqual(decode(.bool, payload), .failure(.wrongType(expected: .bool, found: .text)), payload)
        }
    }

    func testPlainNumbers() {
        let table: [(String, Double)] = [
            ("31.5", 31.5), ("-4", -4), ("+4", 4), ("1e3", 1000), ("1E-2", 0.01), ("-0", 0), (" 21.5\n", 21.5),
            ("0", 0), ("+0.5", 0.5), ("123456789012345678901234567890", 1.2345678901234568e29),
        ]
        for (payload, value) in table {
            XCTAssertEqual(decode(.number, payload), .success(.number(value)), payload)
        }
        let notNumbers = [
            "", "  ", "nan", "NaN", "inf", "-inf", "Infinity", "0x1F", "1,5", "1.", ".5", "01", "++1", "+-1", "+",
            "-", "1e", "31.5 C", "1 2", "\"31.5\"", "true",
        ]
        for payload in notNumbers {
            XCTAssertEqual(decode(.number, payload), .failure(.wrongType(expected: .number, found: .text)), payload)
        }
        XCTAssertEqual(decode(.number, "1e400"), .failure(.numberOutOfRange))
        XCTAssertEqual(decode(.number, "-1e400"), .failure(.numberOutOfRange))
    }

    func testMinusZeroReadsAsZero() throws {
        guard case .number(let d) = try decode(.number, "-0").get() else { return XCTFail() }
        XCTAssertEqual(d, 0)
        XCTAssertEqual(PayloadEncoder.text(.number(d)), "0")
    }

    func testPlainStrings() {
        XCTAssertEqual(decode(.string, "auto"), .success(.string("auto")))
        XCTAssertEqual(decode(.string, " spaced \n"), .success(.string(" spaced \n")), "a string is kept as it is")
        XCTAssertEqual(decode(.string, ""), .success(.string("")))
        XCTAssertEqual(decode(.string, "grüße 😀"), .success(.string("grüße 😀")))
        XCTAssertEqual(decoder(.string).decode([0x61, 0x62, 0xFF, 0x63]), .failure(.invalidUTF8(offset: 2)))
        XCTAssertEqual(decoder(.string).decode([0xC3]), .failure(.invalidUTF8(offset: 0)))
        XCTAssertEqual(decoder(.string).decode([0xED, 0xA0, 0x80]), .failure(.invalidUTF8(offset: 0)))
        XCTAssertEqual(
            decoder(.number).decode([0x31, 0xFF]), .failure(.wrongType(expected: .number, found: .text)))
    }

    func testJSONNumbers() {
        let celsius: [JSONPath.Component] = [.key("celsius")]
        XCTAssertEqual(decode(.number, #"{"celsius": 31.5}"#, json: celsius), .success(.number(31.5)))
        XCTAssertEqual(decode(.number, #"{"celsius": "31.5"}"#, json: celsius), .success(.number(31.5)))
        XCTAssertEqual(decode(.number, #"{"celsius": " +31.5 "}"#, json: celsius), .success(.number(31.5)))
        XCTAssertEqual(decode(.number, #"{"celsius": 1e3}"#, json: celsius), .success(.number(1000)))
        XCTAssertEqual(decode(.number, #"{"celsius": -0}"#, json: celsius), .success(.number(0)))
        XCTAssertEqual(decode(.number, "21", json: []), .success(.number(21)), "$ is the whole document")
        XCTAssertEqual(
            decode(.number, #"{"celsius": "warm"}"#, json: celsius),
            .failure(.wrongType(expected: .number, found: .string)))
        XCTAssertEqual(
            decode(.number, #"{"celsius": true}"#, json: celsius), .failure(.wrongType(expected: .number, found: .bool))
        )
        XCTAssertEqual(
            decode(.number, #"{"celsius": [1]}"#, json: celsius), .failure(.wrongType(expected: .number, found: .array))
        )
        XCTAssertEqual(
            decode(.number, #"{"celsius": {}}"#, json: celsius), .failure(.wrongType(expected: .number, found: .object))
        )
        XCTAssertEqual(
            decode(.number, #"{"celsius": 1e400}"#, json: celsius),
            .failure(.notJSON(JSONParseError(offset: 12, reason: .numberOutOfRange))))
        XCTAssertEqual(decode(.number, #"{"celsius": "1e400"}"#, json: celsius), .failure(.numberOutOfRange))
    }

    func testJSONBools() {
        let on: [JSONPath.Component] = [.key("on")]
        let table: [(String, Bool)] = [
            ("true", true), ("false", false), (#""ON""#, true), (#"" yes ""#, true), (#""off""#, false),
            (#""0""#, false), ("1", true), ("0", false), ("-0", false),
        ]
        for (json, value) in table {
            XCTAssertEqual(decode(.bool, #"{"on": \#(json)}"#, json: on), .success(.bool(value)), json)
        }
        let wrong: [(String, DecodeFailure.Found)] = [
            ("2", .number), ("0.5", .number), (#""maybe""#, .string), ("[]", .array), ("{}", .object), ("null", .null),
        ]
        for (json, found) in wrong {
            XCTAssertEqual(
                decode(.bool, #"{"on": \#(json)}"#, json: on), .failure(.wrongType(expected: .bool, found: found)), json
            )
        }
    }

    func testJSONStrings() {
        let mode: [JSONPath.Component] = [.key("mode")]
        XCTAssertEqual(decode(.string, #"{"mode": "auto"}"#, json: mode), .success(.string("auto")))
        XCTAssertEqual(decode(.string, #"{"mode": "a\u00e9\n"}"#, json: mode), .success(.string("aé\n")))
        XCTAssertEqual(decode(.string, #"{"mode": 21.50}"#, json: mode), .success(.string("21.5")))
        XCTAssertEqual(decode(.string, #"{"mode": 100.0}"#, json: mode), .success(.string("100")))
        XCTAssertEqual(decode(.string, #"{"mode": 1e21}"#, json: mode), .success(.string("1e+21")))
        XCTAssertEqual(decode(.string, #"{"mode": true}"#, json: mode), .success(.string("true")))
        XCTAssertEqual(decode(.string, #"{"mode": false}"#, json: mode), .success(.string("false")))
        XCTAssertEqual(
            decode(.string, #"{"mode": null}"#, json: mode), .failure(.wrongType(expected: .string, found: .null)))
        XCTAssertEqual(
            decode(.string, #"{"mode": {"a": 1}}"#, json: mode), .failure(.wrongType(expected: .string, found: .object))
        )
    }

    func testPathsIntoArraysAndQuotedKeys() {
        let doc = #"{"sensors": [{"t": 20}, {"t": 21.5, "ok": "yes"}], "key with space": "v"}"#
        XCTAssertEqual(decode(.number, doc, json: [.key("sensors"), .index(1), .key("t")]), .success(.number(21.5)))
        XCTAssertEqual(decode(.bool, doc, json: [.key("sensors"), .index(1), .key("ok")]), .success(.bool(true)))
        XCTAssertEqual(decode(.string, doc, json: [.key("key with space")]), .success(.string("v")))
        XCTAssertEqual(decode(.number, "[[1, 2], [3, 4]]", json: [.index(1), .index(0)]), .success(.number(3)))
    }

    func testMissingPaths() {
        let doc = #"{"sensors": [{"t": 20}], "n": 5}"#
        let missing: [[JSONPath.Component]] = [
            [.key("celsius")], [.key("sensors"), .index(1)], [.key("sensors"), .key("t")], [.key("n"), .key("x")],
            [.key("sensors"), .index(0), .key("T")], [.index(0)],
        ]
        for path in missing {
            XCTAssertEqual(decode(.number, doc, json: path), .failure(.pathMissing("$.path")), "\(path)")
        }
    }

    func testPayloadsThatAreNotJSON() {
        let path: [JSONPath.Component] = [.key("t")]
        XCTAssertEqual(
            decode(.number, "31.5 C", json: path),
            .failure(.notJSON(JSONParseError(offset: 5, reason: .trailingCharacters))))
        XCTAssertEqual(
            decode(.number, #"{"t": 31"#, json: path),
            .failure(.notJSON(JSONParseError(offset: 8, reason: .unexpectedEnd))))
        XCTAssertEqual(
            decode(.number, "", json: path), .failure(.notJSON(JSONParseError(offset: 0, reason: .unexpectedEnd))))
        XCTAssertEqual(
            decoder(.string, path).decode(Array(#"{"t": ""#.utf8) + [0xFF, 0x22, 0x7D]),
            .failure(.notJSON(JSONParseError(offset: 7, reason: .invalidUTF8))))
        let deep = String(repeating: "[", count: 10_000)
        XCTAssertEqual(
            decode(.number, deep, json: []), .failure(.notJSON(JSONParseError(offset: 64, reason: .tooDeep))))
    }

    func testPayloadsOverTheLimitAreNotRead() {
        let limit = PayloadDecoder.defaultLimit
        XCTAssertEqual(limit, 1_048_576)
        var payload = [UInt8](repeating: 0x20, count: limit)
        payload[0] = UInt8(ascii: "1")
        XCTAssertEqual(decoder(.number).decode(payload), .success(.number(1)))
        payload.append(0x20)
        XCTAssertEqual(decoder(.number).decode(payload), .failure(.tooLarge(size: limit + 1, limit: limit)))
        XCTAssertEqual(
            decoder(.number, [.key("a")]).decode(payload), .failure(.tooLarge(size: limit + 1, limit: limit)))
        let small = PayloadDecoder(type: .string, limit: 4)!
        XCTAssertEqual(small.decode(Array("abcd".utf8)), .success(.string("abcd")))
        XCTAssertEqual(small.decode(Array("abcde".utf8)), .failure(.tooLarge(size: 5, limit: 4)))
    }

    func testDecodesAnyCollectionOfBytes() {
        let text = "  on "
        XCTAssertEqual(decoder(.bool).decode(text.utf8), .success(.bool(true)))
        XCTAssertEqual(decoder(.bool).decode(Array(text.utf8)[1...]), .success(.bool(true)))
        XCTAssertEqual(decoder(.bool).decode(Array(text.utf8).lazy.map { $0 }), .success(.bool(true)))
        XCTAssertEqual(Array(text.utf8).withUnsafeBytes { decoder(.bool).decode($0) }, .success(.bool(true)))
    }

    func testOnlySignalTypesHaveADecoder() {
        XCTAssertNil(PayloadDecoder(type: .duration))
        XCTAssertNil(PayloadDecoder(type: .instant))
        XCTAssertNotNil(PayloadDecoder(type: .string))
    }

    func testFailureMessagesAreOneLine() {
        let failures: [(DecodeFailure, String)] = [
            (
                .tooLarge(size: 1_048_577, limit: 1_048_576),
                "the payload is 1048577 bytes, more than the limit of 1048576"
            ),
            (
                .notJSON(JSONParseError(offset: 8, reason: .unexpectedEnd)),
                "the payload is not JSON: unexpected end at byte 8"
            ),
            (.pathMissing("$.celsius"), "the payload has no value at $.celsius"),
            (
                .wrongType(expected: .number, found: .string),
                "expected a number, found a JSON string that is not wholly a number"
            ),
            (
                .wrongType(expected: .bool, found: .text),
                "expected a bool (on, off, true, false, 1, 0, yes or no), found text that is none of these"
            ),
            (.wrongType(expected: .string, found: .null), "expected a string, found null"),
            (.numberOutOfRange, "the number is too large"),
            (.invalidUTF8(offset: 2), "the payload is not UTF-8 text (at byte 2)"),
        ]
        for (failure, message) in failures {
            XCTAssertEqual(failure.message, message)
            XCTAssertFalse(failure.message.contains("\n"))
        }
    }

    func testEncoderTable() {
        let table: [(Value, String)] = [
            (.bool(true), "on"), (.bool(false), "off"), (.number(21), "21"), (.number(31.5), "31.5"),
            (.number(-0.0), "0"), (.number(0.1 + 0.2), "0.30000000000000004"), (.number(1e21), "1e+21"),
            (.number(1e-7), "1e-7"), (.number(123_456_789), "123456789"), (.number(-2.5), "-2.5"),
            (.string("auto"), "auto"), (.string(""), ""), (.string(" x\n"), " x\n"),
        ]
        for (value, text) in table {
            XCTAssertEqual(PayloadEncoder.text(value), text, "\(value)")
        }
    }

    func testEncodedValuesDecodeBack() throws {
        for value in [Value.bool(true), .bool(false), .number(31.5), .number(-1e-7), .number(1e300), .string("x y")] {
            let type = value.type!
            XCTAssertEqual(try decoder(type).decode(Array(PayloadEncoder.text(value).utf8)).get(), value)
        }
    }
}
