import XCTest
@testable import ReflexCore

final class SampleWindowTests: XCTestCase {
    func testASampleLeavesExactlyAtItsTimePlusTheWidth() {
        var w = SampleWindow(width: 10_000)
        w.add(30, at: 5_000)
        XCTAssertEqual(w.nextExpiry, 15_000)
        w.expire(at: 14_999)
        XCTAssertEqual(w.value(.average), .number(30), "still in (t - w, t] at 14.999s")
        w.expire(at: 15_000)
        XCTAssertEqual(w.value(.average), .none, "gone at exactly 15s: an empty window is none")
        XCTAssertEqual(w.value(.count), .number(0))
    }

    func testFunctionsOverTheSamplesHeld() {
        var w = SampleWindow(width: 60_000)
        w.add(20, at: 0)
        w.add(26, at: 10_000)
        w.add(23, at: 20_000)
        XCTAssertEqual(w.value(.average), .number(23))
        XCTAssertEqual(w.value(.minimum), .number(20))
        XCTAssertEqual(w.value(.maximum), .number(26))
        XCTAssertEqual(w.value(.delta), .number(3), "newest minus oldest")
        XCTAssertEqual(w.value(.rate), .number(0.15), "3 over 20 seconds")
        w.expire(at: 60_000)
        XCTAssertEqual(w.value(.minimum), .number(23), "the minimum left with its sample")
        XCTAssertEqual(w.value(.delta), .number(-3))
        XCTAssertEqual(w.value(.rate), .number(-0.3))
        w.expire(at: 70_000)
        XCTAssertEqual(w.value(.delta), .number(0), "one sample: delta 0")
        XCTAssertEqual(w.value(.rate), .none, "one sample: rate none")
    }

    func testSamplesAtTheSameInstantAllCount() {
        var w = SampleWindow(width: 1_000)
        w.add(1, at: 100)
        w.add(1, at: 100)
        w.add(1, at: 100)
        XCTAssertEqual(w.value(.count), .number(3))
        XCTAssertEqual(w.value(.rate), .none, "no time between the samples")
    }

    /// Random timelines against a direct computation over the samples in (t - w, t].
    func testMatchesADirectComputation() {
        var state: UInt64 = 7
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        var w = SampleWindow(width: 5_000)
        var all: [(Int64, Double)] = []
        var t: Int64 = 0
        for _ in 0..<20_000 {
            t += Int64(next() % 700)
            if next() % 3 != 0 {
                let v = Double(Int(next() % 2001) - 1000) / 10
                w.add(v, at: t)
                all.append((t, v))
            } else {
                w.expire(at: t)
            }
            let held = all.filter { $0.0 > t - 5_000 && $0.0 <= t }.map(\.1)
            XCTAssertEqual(w.count, held.count)
            if held.isEmpty {
                XCTAssertEqual(w.value(.average), .none)
                continue
            }
            XCTAssertEqual(w.value(.minimum), .number(held.min()!))
            XCTAssertEqual(w.value(.maximum), .number(held.max()!))
            XCTAssertEqual(w.value(.delta), .number(held.last! - held.first!))
            guard case .number(let avg) = w.value(.average) else { return XCTFail("no average") }
            XCTAssertEqual(avg, held.reduce(0, +) / Double(held.count), accuracy: 1e-9)
            if all.count > 400 { all.removeFirst(200) }
        }
    }
}
