import Foundation
import ReflexCore
import XCTest

@testable import ReflexConfig

/// Loading zones by name, refusing unsafe names, and finding the system's zone.
final class TimeZoneLoaderTests: XCTestCase {
    private var scratch: String!

    override func setUpWithError() throws {
        scratch = NSTemporaryDirectory() + "reflex-tz-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: scratch + "/zoneinfo/Europe", withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: scratch)
    }

    func testLoadsAZoneByName() throws {
        let berlin = try TimeZoneLoader.load(name: "Europe/Berlin").get()
        XCTAssertEqual(berlin.name, "Europe/Berlin")
        XCTAssertEqual(berlin.offset(at: 1_774_746_000_000), 7200)  // 2026-03-29 01:00Z
        XCTAssertEqual(berlin.offset(at: 1_774_746_000_000 - 1), 3600)
        XCTAssertEqual(try TimeZoneLoader.load(name: "UTC").get().offset(at: 0), 0)
    }

    func testRefusesUnsafeNames() {
        for name in ["", "/etc/passwd", "../../etc/passwd", "Europe/../../etc/passwd", "..", "Europe/..", "a\0b"] {
            XCTAssertEqual(TimeZoneLoader.load(name: name), .failure(.invalidName(name)), name)
        }
    }

    func testReportsUnknownAndInvalidZones() throws {
        XCTAssertEqual(TimeZoneLoader.load(name: "Mars/Olympus_Mons"), .failure(.unknownZone("Mars/Olympus_Mons")))
        XCTAssertEqual(TimeZoneLoader.load(name: "Europe"), .failure(.unknownZone("Europe")))  // a directory
        try Data("not a zone".utf8).write(to: URL(fileURLWithPath: scratch + "/zoneinfo/Bad"))
        XCTAssertEqual(
            TimeZoneLoader.load(name: "Bad", directory: scratch + "/zoneinfo"),
            .failure(.invalidData(name: "Bad", .badMagic)))
        XCTAssertEqual(
            TimeZoneLoadError.unknownZone("Mars").description, "unknown time zone \"Mars\"")
    }

    func testSystemZoneFromTZ() throws {
        let directory = "/usr/share/zoneinfo"
        let missing = scratch + "/no-localtime"
        XCTAssertEqual(
            TimeZoneLoader.system(tz: "Asia/Kolkata", localtime: missing, directory: directory).name, "Asia/Kolkata")
        XCTAssertEqual(
            TimeZoneLoader.system(tz: ":Europe/Berlin", localtime: missing, directory: directory).name, "Europe/Berlin")
        let absolute = TimeZoneLoader.system(
            tz: ":/usr/share/zoneinfo/Pacific/Chatham", localtime: missing, directory: directory)
        XCTAssertEqual(absolute.name, "Pacific/Chatham")
        let posix = TimeZoneLoader.system(tz: "CET-1CEST,M3.5.0,M10.5.0/3", localtime: missing, directory: directory)
        XCTAssertEqual(posix.offset(at: 1_774_746_000_000), 7200)
        // Unusable values are passed over, here to UTC since there is no /etc/localtime.
        for tz in ["", ":", "Mars/Olympus_Mons", "../../etc/passwd"] {
            XCTAssertEqual(TimeZoneLoader.system(tz: tz, localtime: missing, directory: directory), .utc, tz)
        }
        XCTAssertEqual(TimeZoneLoader.system(tz: nil, localtime: missing, directory: directory), .utc)
    }

    func testSystemZoneFromTheLocaltimeLink() throws {
        let link = scratch + "/localtime"
        try FileManager.default.createSymbolicLink(
            atPath: link, withDestinationPath: "/usr/share/zoneinfo/America/Sao_Paulo")
        let zone = TimeZoneLoader.system(tz: nil, localtime: link, directory: "/usr/share/zoneinfo")
        XCTAssertEqual(zone.name, "America/Sao_Paulo")
        XCTAssertEqual(zone.offset(at: 1_774_746_000_000), -10_800)
        XCTAssertEqual(TimeZoneLoader.zoneName(linkTarget: "../usr/share/zoneinfo/Europe/Berlin"), "Europe/Berlin")
        XCTAssertEqual(TimeZoneLoader.zoneName(linkTarget: "/usr/share/zoneinfo/UTC"), "UTC")
        XCTAssertNil(TimeZoneLoader.zoneName(linkTarget: "/usr/share/zoneinfo"))
        XCTAssertNil(TimeZoneLoader.zoneName(linkTarget: "/opt/zones/berlin"))
    }

    func testSystemZoneFromLocaltimeBytes() throws {
        let file = scratch + "/localtime"
        let bytes = try XCTUnwrap(FileManager.default.contents(atPath: "/usr/share/zoneinfo/Australia/Lord_Howe"))
        try bytes.write(to: URL(fileURLWithPath: file))
        let zone = TimeZoneLoader.system(tz: nil, localtime: file, directory: "/usr/share/zoneinfo")
        XCTAssertEqual(zone.name, "localtime")
        XCTAssertEqual(zone.offset(at: 1_774_746_000_000), 39_600)
        // A broken file falls back to UTC.
        try Data("TZif".utf8).write(to: URL(fileURLWithPath: file))
        XCTAssertEqual(TimeZoneLoader.system(tz: nil, localtime: file, directory: "/usr/share/zoneinfo"), .utc)
    }

    func testSystemZoneOfThisMachineLoads() {
        let zone = TimeZoneLoader.system()
        XCTAssertFalse(zone.name.isEmpty)
    }
}
