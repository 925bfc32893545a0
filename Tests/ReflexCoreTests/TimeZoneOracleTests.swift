import XCTest

@testable import ReflexCore

/// Offsets and local fields of real zone files against Python's zoneinfo, 1900 to 2400.
final class TimeZoneOracleTests: XCTestCase {
    /// Every 6 hours (plus a drifting minute) from 1900 to 2100, every 5 days and 7 hours to 2400, and each
    /// change found by `nextTransition` from 1900 to 2400, 1 ms before it, at it and 1 ms after.
    private func instants(_ rules: TimeZoneRules) -> (sweep: [Int64], changes: [Int64]) {
        let start = TimeZoneTestSupport.utc(1900, 1, 1)
        let middle = TimeZoneTestSupport.utc(2100, 1, 1)
        let end = TimeZoneTestSupport.utc(2400, 1, 1)
        var sweep: [Int64] = []
        var t = start
        while t < middle {
            sweep.append(t)
            t += 6 * 3_600_000 + 61_001
        }
        while t < end {
            sweep.append(t)
            t += 5 * 86_400_000 + 7 * 3_600_000
        }
        var changes: [Int64] = []
        var cursor = start
        while let next = rules.nextTransition(after: cursor), next < end {
            XCTAssertGreaterThan(next, cursor)
            changes.append(next)
            cursor = next
        }
        return (sweep, changes)
    }

    func testOffsetsMatchPythonZoneinfo() throws {
        for zone in TimeZoneTestSupport.zones {
            let rules = try TimeZoneTestSupport.rules(zone)
            let (sweep, changes) = instants(rules)
            let probes = sweep + changes.flatMap { [$0 - 1, $0, $0 + 1] }
            let expected = try TimeZoneTestSupport.pythonReference(zone: zone, instants: probes, fields: false)
            XCTAssertEqual(expected.count, probes.count, zone)
            var mismatches = 0
            for (instant, line) in zip(probes, expected) where String(rules.offset(at: instant)) != line {
                mismatches += 1
                if mismatches <= 5 {
                    XCTFail("\(zone) at \(instant) ms: \(rules.offset(at: instant)), zoneinfo says \(line)")
                }
            }
            XCTAssertEqual(mismatches, 0, zone)
            // Each reported change is one: the offset differs across it.
            for change in changes {
                XCTAssertNotEqual(rules.offset(at: change - 1), rules.offset(at: change), "\(zone) at \(change)")
            }
            if zone == "UTC" { XCTAssertTrue(changes.isEmpty) }
            if zone == "Europe/Berlin" { XCTAssertGreaterThan(changes.count, 800) }  // twice a year to 2400
        }
    }

    func testLocalFieldsMatchPythonZoneinfo() throws {
        for zone in TimeZoneTestSupport.zones {
            let rules = try TimeZoneTestSupport.rules(zone)
            var probes: [Int64] = []
            var t = TimeZoneTestSupport.utc(1965, 1, 1)
            while t < TimeZoneTestSupport.utc(2080, 1, 1) {
                probes.append(t)
                t += 3 * 86_400_000 + 3_600_000 + 60_000 + 1_001 + 7
            }
            let expected = try TimeZoneTestSupport.pythonReference(zone: zone, instants: probes, fields: true)
            XCTAssertEqual(expected.count, probes.count, zone)
            for (instant, line) in zip(probes, expected) {
                let l = rules.local(at: instant)
                let actual = [
                    l.utcOffset, l.year, l.month, l.day, l.hour, l.minute, l.second, l.millisecond, l.weekday,
                ].map(String.init).joined(separator: " ")
                if actual != line {
                    XCTFail("\(zone) at \(instant) ms: \(actual), zoneinfo says \(line)")
                    break
                }
                let ms = ((Int64(l.hour) * 60 + Int64(l.minute)) * 60 + Int64(l.second)) * 1000 + Int64(l.millisecond)
                XCTAssertEqual(l.millisecondOfDay, ms)
            }
        }
    }
}
