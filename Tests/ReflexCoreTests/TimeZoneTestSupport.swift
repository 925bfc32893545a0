import Foundation
import XCTest

@testable import ReflexCore

/// Zone files and reference offsets for the time zone tests.
enum TimeZoneTestSupport {
    static let zones = [
        "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Chatham",
        "America/Sao_Paulo", "UTC",
    ]

    static func bytes(_ name: String) throws -> [UInt8] {
        let data = try XCTUnwrap(FileManager.default.contents(atPath: "/usr/share/zoneinfo/" + name), name)
        return [UInt8](data)
    }

    static func rules(_ name: String) throws -> TimeZoneRules {
        try TimeZoneRules(tzif: bytes(name), name: name)
    }

    /// Milliseconds since the epoch of a UTC date and time.
    static func utc(_ year: Int64, _ month: Int, _ day: Int, _ hour: Int64 = 0, _ minute: Int64 = 0) -> Int64 {
        (CivilTime.days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60) * 1000
    }

    /// Python's zoneinfo (Debian's python3 with the system tzdata) as an independent reference: for each
    /// instant (milliseconds), the zone's offset in seconds and the local fields, one line each.
    static func pythonReference(zone: String, instants: [Int64], fields: Bool) throws -> [String] {
        let script = """
            import sys, datetime, zoneinfo
            epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
            zone = zoneinfo.ZoneInfo(sys.argv[1])
            fields = sys.argv[2] == "1"
            out = []
            for line in sys.stdin:
                d = (epoch + datetime.timedelta(milliseconds=int(line))).astimezone(zone)
                offset = int(d.utcoffset().total_seconds())
                if fields:
                    out.append("%d %d %d %d %d %d %d %d %d" % (offset, d.year, d.month, d.day, d.hour, d.minute,
                        d.second, d.microsecond // 1000, d.weekday()))
                else:
                    out.append(str(offset))
            sys.stdout.write("\\n".join(out) + "\\n")
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script, zone, fields ? "1" : "0"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let text = instants.map(String.init).joined(separator: "\n") + "\n"
        let writer = Thread {
            input.fileHandleForWriting.write(text.data(using: .utf8)!)
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "python3 failed for \(zone)")
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// The first instant at which the wall clock reads `wall` or later, by stepping minute by minute from
    /// `start`: when a daily time fires, by definition (zones here change offsets on whole minutes).
    static func bruteFiring(_ rules: TimeZoneRules, wall: Int64, from start: Int64) -> Int64 {
        var t = start
        while t + Int64(rules.offset(at: t)) * 1000 < wall { t += 60_000 }
        return t
    }
}
