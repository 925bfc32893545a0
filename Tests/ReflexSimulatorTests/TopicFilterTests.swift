import ReflexSimulator
import XCTest

/// MQTT topic filters as a broker applies them (MQTT 3.1.1 §4.7).
final class TopicFilterTests: XCTestCase {
    private func m(_ filter: String, _ topic: String) -> Bool { TopicFilter.matches(filter: filter, topic: topic) }

    func testExactTopics() {
        XCTAssertTrue(m("greenhouse/mode", "greenhouse/mode"))
        XCTAssertFalse(m("greenhouse/mode", "greenhouse/mod"))
        XCTAssertFalse(m("greenhouse/mode", "greenhouse/mode/x"))
        XCTAssertFalse(m("greenhouse/mode", "Greenhouse/mode"))
        XCTAssertFalse(m("a/b", "a/b/"))
    }

    func testPlusMatchesOneLevel() {
        XCTAssertTrue(m("sensors/+/temp", "sensors/north/temp"))
        XCTAssertTrue(m("sensors/+/temp", "sensors//temp"))
        XCTAssertFalse(m("sensors/+/temp", "sensors/a/b/temp"))
        XCTAssertFalse(m("sensors/+", "sensors"))
        XCTAssertTrue(m("+", "x"))
        XCTAssertFalse(m("+", "x/y"))
        XCTAssertTrue(m("+/+", "/x"))
    }

    func testHashMatchesTheParentAndEverythingBelow() {
        XCTAssertTrue(m("sensors/#", "sensors"))
        XCTAssertTrue(m("sensors/#", "sensors/a"))
        XCTAssertTrue(m("sensors/#", "sensors/a/b/c"))
        XCTAssertFalse(m("sensors/#", "sensorsx/a"))
        XCTAssertTrue(m("#", "anything/at/all"))
        XCTAssertTrue(m("+/#", "a"))
        XCTAssertFalse(m("sensors/#/x", "sensors/a/x"))
    }

    func testWildcardsDoNotMatchSystemTopics() {
        XCTAssertFalse(m("#", "$SYS/uptime"))
        XCTAssertFalse(m("+/uptime", "$SYS/uptime"))
        XCTAssertTrue(m("$SYS/#", "$SYS/uptime"))
    }

    func testIsWildcard() {
        XCTAssertTrue(TopicFilter.isWildcard("a/+/b"))
        XCTAssertTrue(TopicFilter.isWildcard("a/#"))
        XCTAssertFalse(TopicFilter.isWildcard("a/b"))
    }
}
