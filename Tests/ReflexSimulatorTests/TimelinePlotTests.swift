import Foundation
import ReflexSimulator
import XCTest

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The timeline picture: golden files, well-formed XML, equal bytes for equal input, escaping, and odd shapes.
final class TimelinePlotTests: XCTestCase {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    func testGreenhouseMatchesGolden() throws {
        try assertGolden(TimelinePlot.svg(TimelineSamples.greenhouse), "timeline-greenhouse.svg")
    }

    func testEdgeCasesMatchGolden() throws {
        try assertGolden(TimelinePlot.svg(TimelineSamples.edges), "timeline-edges.svg")
    }

    func testOutputIsWellFormedXML() {
        for timeline in [
            TimelineSamples.greenhouse, TimelineSamples.edges, Self.busy, Timeline(title: "", start: 0, end: 0),
        ] {
            let svg = TimelinePlot.svg(timeline)
            XCTAssertNil(Self.xmlError(svg), timeline.title)
            XCTAssertTrue(svg.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "))
        }
    }

    func testSameInputGivesSameBytes() {
        XCTAssertEqual(TimelinePlot.svg(TimelineSamples.greenhouse), TimelinePlot.svg(TimelineSamples.greenhouse))
        XCTAssertEqual(TimelinePlot.svg(Self.busy, width: 800), TimelinePlot.svg(Self.busy, width: 800))
    }

    func testTextIsEscapedAndReadsBack() throws {
        let name = "a&b <c> \"d\" 'e'\u{01}"
        let timeline = Timeline(
            title: name, start: 0, end: 60_000,
            numeric: [.init(name: name, unit: "<u>", points: [.init(t: 0, value: 1)])],
            bools: [.init(name: name, points: [.init(t: 0, value: true)])],
            markers: [.init(t: 1_000, kind: .notification, label: name)])
        let svg = TimelinePlot.svg(timeline)
        XCTAssertFalse(svg.contains("a&b"))
        XCTAssertFalse(svg.contains("<c>"))
        XCTAssertFalse(svg.contains("\u{01}"))
        XCTAssertNil(Self.xmlError(svg))
        let texts = Self.texts(svg)
        XCTAssertTrue(texts.contains("a&b <c> \"d\" 'e'\u{FFFD}"), "\(texts)")
        XCTAssertTrue(texts.contains("<u>"))
        XCTAssertTrue(texts.contains("notification at 00:00:01: a&b <c> \"d\" 'e'\u{FFFD}"))
    }

    func testLongNamesAreCut() {
        let long = String(repeating: "x", count: 300)
        let svg = TimelinePlot.svg(
            Timeline(
                title: long, start: 0, end: 60_000,
                numeric: [.init(name: long, points: [.init(t: 0, value: 1)])],
                bools: [.init(name: long, points: [])],
                markers: [.init(t: 0, kind: .ruleActivated, label: long)]))
        for text in Self.texts(svg) where text.hasPrefix("xxx") && !svg.contains("<title>\(text)</title>") {
            XCTAssertLessThan(text.count, 120)
            XCTAssertTrue(text.hasSuffix("…"))
        }
    }

    func testThousandPointsDrawOnePathPerSeries() {
        let svg = TimelinePlot.svg(Self.busy)
        XCTAssertEqual(svg.components(separatedBy: "<path d=\"M").count - 1, 2)
        XCTAssertLessThan(svg.utf8.count, 200_000)
    }

    func testTicksFollowTheWallClock() {
        let svg = TimelinePlot.svg(TimelineSamples.greenhouse)
        let texts = Self.texts(svg)
        for label in ["14:00", "14:10", "14:20", "14:30"] { XCTAssertTrue(texts.contains(label), label) }
        XCTAssertTrue(texts.contains { $0.hasPrefix("2026-07-01 14:00:00 – 14:30:00  (UTC+02:00, 30m)") })
        let edge = Self.texts(TimelinePlot.svg(TimelineSamples.edges))
        XCTAssertTrue(edge.contains("14:00:00"), "\(edge)")
    }

    // MARK: - Support

    /// A day of 1,000 readings a minute and a half apart, with gaps, and a busy band.
    static var busy: Timeline {
        let start: Int64 = 1_782_864_000_000
        var points: [Timeline.Point<Double>] = []
        for i in 0..<1000 {
            let value: Double? = i % 97 == 13 ? nil : Double((i * 37) % 200) / 10
            points.append(Timeline.Point(t: start + Int64(i) * 90_000, value: value))
        }
        let flags = (0..<1000).map { i in Timeline.Point<Bool>(t: start + Int64(i) * 90_000, value: i % 3 == 0) }
        return Timeline(
            title: "busy day", start: start, end: start + 1000 * 90_000, utcOffsets: [.init(at: 0, seconds: -18_000)],
            numeric: [
                .init(name: "flow", unit: "l/min", points: points), .init(name: "level", unit: "m", points: points),
            ],
            bools: [.init(name: "pump", points: flags)],
            markers: (0..<50).map { .init(t: start + Int64($0) * 1_700_000, kind: .log, label: "entry \($0)") })
    }

    private func assertGolden(_ svg: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws
    {
        let url = Self.golden.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["REFLEX_UPDATE_GOLDEN"] == "1" {
            try svg.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            return XCTFail(
                "missing golden \(url.path); run with REFLEX_UPDATE_GOLDEN=1 and review it", file: file, line: line)
        }
        if expected != svg {
            let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let b = svg.split(separator: "\n", omittingEmptySubsequences: false)
            let first = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
            XCTFail(
                "\(name) differs at line \(first + 1)\n--- expected\n\(first < a.count ? a[first] : "<end>")\n"
                    + "--- actual\n\(first < b.count ? b[first] : "<end>")", file: file, line: line)
        }
    }

    /// The parser's complaint about `svg`, or nil when it is well-formed XML.
    static func xmlError(_ svg: String) -> String? {
        let parser = XMLParser(data: Data(svg.utf8))
        return parser.parse() ? nil : String(describing: parser.parserError)
    }

    /// The character content of every `<text>` and `<title>` element.
    static func texts(_ svg: String) -> [String] {
        let collector = TextCollector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = collector
        _ = parser.parse()
        return collector.texts
    }
}

/// Gathers the text of `<text>` and `<title>` elements.
private final class TextCollector: NSObject, XMLParserDelegate {
    var texts: [String] = []
    private var current: String?

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if name == "text" || name == "title" { current = "" }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        current? += string
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if let text = current, name == "text" || name == "title" { texts.append(text) }
        current = nil
    }
}

extension TimelinePlotTests {
    /// Writes the busy day and a narrow afternoon for a look by eye when REFLEX_PLOT_SAMPLE names a file.
    func testWritesSampleWhenAsked() throws {
        guard let path = ProcessInfo.processInfo.environment["REFLEX_PLOT_SAMPLE"] else { return }
        try TimelinePlot.svg(Self.busy).write(toFile: path, atomically: true, encoding: .utf8)
        try TimelinePlot.svg(TimelineSamples.greenhouse, width: 640)
            .write(toFile: path + ".narrow.svg", atomically: true, encoding: .utf8)
    }
}

extension TimelinePlotTests {
    func testOddNumbersAndInstantsStillDraw() {
        let odd: [Double?] = [.nan, .infinity, -.infinity, 1e300, -1e300, nil, 0, -0.0, .leastNonzeroMagnitude]
        let timelines = [
            Timeline(
                title: "odd values", start: 0, end: 60_000,
                numeric: [
                    .init(
                        name: "x",
                        points: odd.enumerated().map { .init(t: Int64($0.offset) * 5_000, value: $0.element) })
                ]),
            Timeline(
                title: "whole range", start: .min, end: .max,
                numeric: [.init(name: "x", points: [.init(t: .min, value: 1), .init(t: .max, value: 2)])],
                bools: [.init(name: "b", points: [.init(t: 0, value: true)])],
                markers: [.init(t: 0, kind: .log, label: "zero")]),
            Timeline(
                title: "backwards", start: 10_000, end: 0,
                numeric: [.init(name: "x", points: [.init(t: 9_000, value: 1), .init(t: 5_000, value: 2)])],
                markers: [.init(t: -99_000_000, kind: .notification, label: "far before")]),
        ]
        for timeline in timelines {
            let svg = TimelinePlot.svg(timeline, width: 10)
            XCTAssertNil(Self.xmlError(svg), timeline.title)
            XCTAssertFalse(svg.contains("nan") || svg.contains("inf"), timeline.title)
        }
    }

    func testTicksAreRoundNumbersAndWallClockAcrossAnOffsetChange() {
        // 2026-10-25 00:00Z; Berlin leaves summer time at 01:00Z (03:00 CEST becomes 02:00 CET).
        let midnight: Int64 = 1_792_886_400_000
        let timeline = Timeline(
            title: "clock change", start: midnight, end: midnight + 3 * 3_600_000,
            utcOffsets: [.init(at: 0, seconds: 7200), .init(at: midnight + 3_600_000, seconds: 3600)],
            numeric: [
                .init(name: "x", points: [.init(t: midnight, value: 0.1), .init(t: midnight + 60_000, value: 0.35)])
            ])
        let texts = Self.texts(TimelinePlot.svg(timeline))
        XCTAssertTrue(texts.contains("0.3"), "\(texts)")
        XCTAssertFalse(texts.contains { $0.contains("0000000") })
        XCTAssertTrue(texts.contains("02:30"))
        XCTAssertEqual(texts.filter { $0 == "02:00" }.count, 2, "\(texts)")
    }
}
