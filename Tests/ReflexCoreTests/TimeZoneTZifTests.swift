import XCTest

@testable import ReflexCore

/// TZif structure: versions, empty footers, errors, and mutated data that must never trap.
final class TimeZoneTZifTests: XCTestCase {
    /// A TZif file of `version` ("\0" for 1) with one data block of `timeSize`-byte times.
    private func tzif(
        version: UInt8 = UInt8(ascii: "2"), times: [Int64], types: [UInt8], offsets: [Int32], footer: String? = "",
        leap: Int = 0
    ) -> [UInt8] {
        func be(_ value: UInt64, _ size: Int) -> [UInt8] {
            (0..<size).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
        }
        func block(_ size: Int) -> [UInt8] {
            var out = Array("TZif".utf8) + [version] + [UInt8](repeating: 0, count: 15)
            for count in [0, 0, leap, times.count, offsets.count, 4] { out += be(UInt64(count), 4) }
            for t in times { out += be(UInt64(bitPattern: t), size) }
            out += types
            for o in offsets { out += be(UInt64(UInt32(bitPattern: o)), 4) + [0, 0] }
            out += Array("XYZ\0".utf8)
            out += [UInt8](repeating: 0, count: leap * (size + 4))
            return out
        }
        if version == 0 { return block(4) }
        return block(4) + block(8) + (footer.map { Array("\n\($0)\n".utf8) } ?? [])
    }

    func testVersionOneUsesTheThirtyTwoBitBlockAndKeepsTheLastOffset() throws {
        let data = tzif(version: 0, times: [0, 1_000], types: [1, 0], offsets: [3600, 7200])
        let rules = try TimeZoneRules(tzif: data, name: "Test")
        XCTAssertEqual(rules.offset(at: -1), 3600)  // type 0 before the first change
        XCTAssertEqual(rules.offset(at: 0), 7200)
        XCTAssertEqual(rules.offset(at: 1_000_000), 3600)
        XCTAssertEqual(rules.offset(at: .max), 3600)
        XCTAssertEqual(rules.nextTransition(after: -1), 0)
        XCTAssertEqual(rules.nextTransition(after: 0), 1_000_000)
        XCTAssertNil(rules.nextTransition(after: 1_000_000))
    }

    func testRealFileCutToItsVersionOneBlockAgreesWithinThatBlock() throws {
        var bytes = try TimeZoneTestSupport.bytes("America/New_York")
        let full = try TimeZoneTestSupport.rules("America/New_York")
        bytes[4] = 0
        let v1 = try TimeZoneRules(tzif: bytes, name: "v1")
        for instant in stride(
            from: Int64(Int32.min) * 1000, to: Int64(2_100_000_000) * 1000, by: 86_400_000 * 3 + 3_600_000)
        {
            XCTAssertEqual(v1.offset(at: instant), full.offset(at: instant))
        }
    }

    func testEmptyFooterKeepsTheLastOffsetAndAFooterAloneRulesAllTime() throws {
        let keep = try TimeZoneRules(tzif: tzif(times: [0], types: [1], offsets: [0, -10_800]), name: "Test")
        XCTAssertEqual(keep.offset(at: 4_000_000_000_000), -10_800)
        XCTAssertNil(keep.nextTransition(after: 0))
        let footerOnly = try TimeZoneRules(
            tzif: tzif(times: [], types: [], offsets: [0], footer: "CET-1CEST,M3.5.0,M10.5.0/3"), name: "Test")
        XCTAssertEqual(footerOnly.offset(at: TimeZoneTestSupport.utc(1950, 7, 1)), 7200)
        XCTAssertEqual(footerOnly.nextTransition(after: 0), TimeZoneTestSupport.utc(1970, 3, 29, 1))
        // A change the table and footer disagree on at the hand-over is a change.
        let handOver = try TimeZoneRules(
            tzif: tzif(times: [100], types: [0], offsets: [0], footer: "<+01>-1"), name: "T")
        XCTAssertEqual(handOver.nextTransition(after: 0), 100_000)
        XCTAssertEqual(handOver.offset(at: 100_000), 3600)
    }

    func testChangesThatKeepTheOffsetAreNotTransitions() throws {
        // Only the abbreviation or DST flag changes at 10 (both types are +1h).
        let data = tzif(times: [10, 20, 30], types: [1, 2, 0], offsets: [0, 3600, 3600])
        let rules = try TimeZoneRules(tzif: data, name: "Test")
        XCTAssertEqual(rules.nextTransition(after: 0), 10_000)
        XCTAssertEqual(rules.nextTransition(after: 10_000), 30_000)
    }

    func testErrors() throws {
        let good = tzif(times: [0], types: [0], offsets: [3600])
        XCTAssertNoThrow(try TimeZoneRules(tzif: good, name: "T"))
        XCTAssertThrowsError(try TimeZoneRules(tzif: [], name: "T")) {
            XCTAssertEqual($0 as? TimeZoneError, .truncated)
        }
        XCTAssertThrowsError(try TimeZoneRules(tzif: Array("TZiX".utf8) + good.dropFirst(4), name: "T")) {
            XCTAssertEqual($0 as? TimeZoneError, .badMagic)
        }
        let withFooter = tzif(times: [0], types: [0], offsets: [3600], footer: "UTC0")
        XCTAssertThrowsError(try TimeZoneRules(tzif: Array(withFooter.dropLast()), name: "T")) {
            guard case .badFooter = $0 as? TimeZoneError else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try TimeZoneRules(tzif: Array(good.prefix(60)), name: "T")) {
            XCTAssertEqual($0 as? TimeZoneError, .truncated)
        }
        let invalid: [[UInt8]] = [
            tzif(times: [0], types: [1], offsets: [0]),  // type out of range
            tzif(times: [5, 5], types: [0, 0], offsets: [0]),  // not ascending
            tzif(times: [], types: [], offsets: []),  // no types
            tzif(times: [], types: [], offsets: [100_000]),  // offset past 26 hours
            tzif(times: [], types: [], offsets: [0], leap: 1),  // leap seconds
            tzif(times: [], types: [], offsets: [0], footer: "EST5EDT,M3.2.0"),
        ]
        for data in invalid {
            XCTAssertThrowsError(try TimeZoneRules(tzif: data, name: "T"))
        }
        XCTAssertEqual(TimeZoneError.truncated.description, "time zone data is truncated")
    }

    func testExtremeTransitionTimesDoNotTrap() throws {
        let cases: [[Int64]] = [[.min, .max], [.min + 1, -1, .max - 1], [-(1 << 59), 0], [1 << 60], [.max]]
        for times in cases {
            for footer in ["", "CET-1CEST,M3.5.0,M10.5.0/3", "<-02>2<-01>,M3.5.0/-167,M10.5.0/167"] {
                let types = (0..<times.count).map { UInt8($0 % 2) }
                let rules = try TimeZoneRules(
                    tzif: tzif(times: times, types: types, offsets: [-89_999, 93_599], footer: footer), name: "T")
                exercise(rules)
            }
        }
    }

    /// Thousands of mutated, truncated and spliced copies of real zone files parse or throw, never trap, and
    /// what parses answers every query.
    func testMutatedDataNeverTraps() throws {
        var random = SplitMix64(seed: 0x5EED_7A1F)
        var parsed = 0
        var thrown = 0
        let sources = try TimeZoneTestSupport.zones.map(TimeZoneTestSupport.bytes)
        for round in 0..<4_000 {
            var bytes = sources[round % sources.count]
            switch random.next(5) {
            case 0:  // flip bytes
                for _ in 0...random.next(8) { bytes[random.next(bytes.count)] ^= UInt8(1 << random.next(8)) }
            case 1:  // truncate
                bytes = Array(bytes.prefix(random.next(bytes.count)))
            case 2:  // overwrite a header count (either header)
                let header = random.next(2) == 0 ? 20 : max(20, bytes.count - 200)
                let at = min(bytes.count - 4, header + 4 * random.next(6))
                for i in 0..<4 { bytes[at + i] = UInt8(truncatingIfNeeded: random.next(256)) }
            case 3:  // garble the footer
                for i in max(0, bytes.count - 40)..<bytes.count where random.next(4) == 0 {
                    bytes[i] = UInt8(truncatingIfNeeded: random.next(128))
                }
            default:  // splice random bytes in
                let at = random.next(bytes.count)
                bytes.insert(
                    contentsOf: (0..<random.next(16)).map { _ in UInt8(truncatingIfNeeded: random.next(256)) }, at: at)
            }
            do {
                let rules = try TimeZoneRules(tzif: bytes, name: "fuzz")
                parsed += 1
                exercise(rules)
            } catch is TimeZoneError {
                thrown += 1
            }
        }
        XCTAssertGreaterThan(parsed, 100)
        XCTAssertGreaterThan(thrown, 100)
    }

    private func exercise(_ rules: TimeZoneRules) {
        for instant in [Int64.min, -(1 << 62) - 5, -1, 0, 1_774_746_000_000, 4_102_444_800_000, 1 << 62, .max] {
            _ = rules.offset(at: instant)
            _ = rules.local(at: instant)
            if let next = rules.nextTransition(after: instant) { XCTAssertGreaterThan(next, instant) }
            if instant < .max {
                XCTAssertGreaterThan(rules.nextOccurrence(ofTimeOfDay: 9_000_000, after: instant), instant)
                XCTAssertGreaterThan(rules.nextBoundary(ofTimeOfDay: 9_000_000, after: instant), instant)
            }
        }
    }
}

/// A small seeded generator, so that the mutations are the same on every run.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    /// A number in 0..<bound.
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(max(bound, 1)))
    }
}
