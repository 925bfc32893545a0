import XCTest
@testable import ReflexCore

final class DurationTextTests: XCTestCase {
    func testParsesCombinedParts() throws {
        XCTAssertEqual(try DurationText.parse("1m30s").get(), 90_000)
        XCTAssertEqual(try DurationText.parse("100999ms").get(), 100_999)
        XCTAssertEqual(try DurationText.parse("1d").get(), 86_400_000)
        XCTAssertEqual(try DurationText.parse("1h1m1s1ms").get(), 3_661_001)
    }

    func testRejectsBadDurations() {
        XCTAssertEqual(DurationText.parse("-5s"), .failure(.negative))
        XCTAssertEqual(DurationText.parse("5"), .failure(.missingUnit(offset: 1)))
        XCTAssertEqual(DurationText.parse("30s1m"), .failure(.unitOrder(offset: 4)))
        XCTAssertEqual(DurationText.parse("5x"), .failure(.unexpected(offset: 1)))
        XCTAssertEqual(DurationText.parse(""), .failure(.empty))
        XCTAssertEqual(DurationText.parse("99999999999999999999s"), .failure(.tooLarge))
    }

    func testFormats() {
        XCTAssertEqual(DurationText.format(90_000), "1m30s")
        XCTAssertEqual(DurationText.format(250), "250ms")
        XCTAssertEqual(DurationText.format(0), "0s")
        XCTAssertEqual(DurationText.format(86_400_000 + 1), "1d1ms")
    }

    func testSuggestionDistanceCountsTranspositionAsOne() {
        XCTAssertEqual(Suggestion.distance("tmep", "temp"), 1)
        XCTAssertEqual(Suggestion.closest(to: "tmep", in: ["door", "temp"]), "temp")
        XCTAssertNil(Suggestion.closest(to: "xyzzy", in: ["door", "temp"]))
    }
}
