import Foundation
import XCTest

@testable import ReflexSimulator

/// Square, sine and ramp signals at their boundaries.
final class PlantModelSignalTests: XCTestCase {
    func testSquareFlipsExactlyAtDutyTimesPeriod() {
        let wave = SquareWave(low: 0, high: 1, period: 10_000, duty: 0.3)
        XCTAssertEqual(wave.highLength, 3000)
        XCTAssertEqual(wave.value(at: 0), 1)
        XCTAssertEqual(wave.value(at: 2999), 1)
        XCTAssertEqual(wave.value(at: 3000), 0)
        XCTAssertEqual(wave.value(at: 9999), 0)
        XCTAssertEqual(wave.value(at: 10_000), 1)
        XCTAssertEqual(wave.value(at: 13_000), 0)
        XCTAssertEqual(wave.value(at: -1), 0, "before the start the wave continues backwards")
        XCTAssertEqual(wave.value(at: -7000), 0)
        XCTAssertEqual(wave.value(at: -7001), 1)
    }

    func testSquareDefaultsAndRounding() {
        let half = SquareWave(low: 10, high: 20, period: 1000)
        XCTAssertEqual(half.value(at: 499), 20)
        XCTAssertEqual(half.value(at: 500), 10)
        let odd = SquareWave(low: 0, high: 1, period: 3, duty: 0.5)
        XCTAssertEqual(odd.highLength, 2, "duty × period rounds to the nearest millisecond")
        let tenth = SquareWave(low: 0, high: 1, period: 1000, duty: 0.1 * 3)  // 0.30000000000000004
        XCTAssertEqual(tenth.highLength, 300)
        XCTAssertEqual(tenth.value(at: 299), 1)
        XCTAssertEqual(tenth.value(at: 300), 0)
    }

    func testSquarePhaseShiftsEarlier() {
        let wave = SquareWave(low: 0, high: 1, period: 10_000, duty: 0.3, phase: 3000)
        XCTAssertEqual(wave.value(at: 0), 0)
        XCTAssertEqual(wave.value(at: 6999), 0)
        XCTAssertEqual(wave.value(at: 7000), 1)
        XCTAssertEqual(SquareWave(low: 0, high: 1, period: 10, phase: -3).value(at: 2), 0)
        XCTAssertEqual(SquareWave(low: 0, high: 1, period: 10, phase: .max).value(at: .max), 1, "no overflow")
    }

    func testSquareNextChangeIsTheNextEdge() {
        let wave = SquareWave(low: 0, high: 1, period: 10_000, duty: 0.3)
        XCTAssertEqual(wave.nextChange(after: 0), 3000)
        XCTAssertEqual(wave.nextChange(after: 2999), 3000)
        XCTAssertEqual(wave.nextChange(after: 3000), 10_000)
        XCTAssertEqual(wave.nextChange(after: 10_000), 13_000)
        XCTAssertEqual(wave.nextChange(after: -1), 0)
        var t: Int64 = 0
        var level = wave.value(at: 0)
        for _ in 0..<20 {
            guard let next = wave.nextChange(after: t) else { return XCTFail("a square wave keeps flipping") }
            XCTAssertEqual(wave.value(at: next - 1), level)
            XCTAssertNotEqual(wave.value(at: next), level)
            level = wave.value(at: next)
            t = next
        }
    }

    func testSineIsExactAtQuarterPeriods() {
        let wave = SineWave(offset: 20, amplitude: 5, period: 4000)
        XCTAssertEqual(wave.value(at: 0), 20)
        XCTAssertEqual(wave.value(at: 1000), 25)
        XCTAssertEqual(wave.value(at: 2000), 20)
        XCTAssertEqual(wave.value(at: 3000), 15)
        XCTAssertEqual(wave.value(at: 4000), 20)
        XCTAssertEqual(wave.value(at: -1000), 15)
        let odd = SineWave(offset: 0, amplitude: 1, period: 1002)
        XCTAssertEqual(odd.value(at: 501), 0, "half of an even period")
        XCTAssertEqual(SineWave(offset: 0, amplitude: 1, period: 6).value(at: 3), 0)
    }

    func testSineMatchesTheFormulaEverywhere() {
        let wave = SineWave(offset: 1.5, amplitude: 2.25, period: 86_400_000, phase: 3_600_000)
        for t in stride(from: Int64(-90_000_000), through: 200_000_000, by: 1_234_567) {
            let expected = 1.5 + 2.25 * sin(2 * Double.pi * Double(t + 3_600_000) / 86_400_000)
            XCTAssertEqual(wave.value(at: t), expected, accuracy: 1e-9, "t = \(t)")
        }
        let short = SineWave(offset: 0, amplitude: 1, period: 7)
        for t in Int64(0)..<30 {
            XCTAssertEqual(short.value(at: t), sin(2 * Double.pi * Double(t) / 7), accuracy: 1e-12)
        }
    }

    func testRampEndsExactlyOnTo() {
        let ramp = Ramp(from: 10, to: 20, over: 10_000)
        XCTAssertEqual(ramp.value(at: -5), 10)
        XCTAssertEqual(ramp.value(at: 0), 10)
        XCTAssertEqual(ramp.value(at: 5000), 15)
        XCTAssertEqual(ramp.value(at: 9999), 19.999, accuracy: 1e-12)
        XCTAssertEqual(ramp.value(at: 10_000), 20)
        XCTAssertEqual(ramp.value(at: 1_000_000), 20)
        let down = Ramp(from: 0.3, to: -0.7, over: 3)
        XCTAssertEqual(down.value(at: 3), -0.7)
        XCTAssertEqual(down.value(at: 1), 0.3 - 1.0 / 3, accuracy: 1e-15)
    }

    func testSignalModelDispatch() {
        var square = SignalModel.square(SquareWave(low: 0, high: 1, period: 1000))
        XCTAssertEqual(square.value(at: 500), 0)
        XCTAssertEqual(square.nextChange(after: 500), 1000)
        XCTAssertTrue(square.isPiecewiseConstant)
        var sine = SignalModel.sine(SineWave(offset: 0, amplitude: 1, period: 4))
        XCTAssertEqual(sine.value(at: 1), 1)
        XCTAssertNil(sine.nextChange(after: 0))
        var ramp = SignalModel.ramp(Ramp(from: 0, to: 1, over: 2))
        XCTAssertEqual(ramp.value(at: 1), 0.5)
        XCTAssertFalse(ramp.isPiecewiseConstant)
    }
}
