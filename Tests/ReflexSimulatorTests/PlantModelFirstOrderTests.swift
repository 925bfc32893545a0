import Foundation
import ReflexCore
import XCTest

@testable import ReflexSimulator

/// The first-order lag against its closed form.
final class PlantModelFirstOrderTests: XCTestCase {
    private let minute: Int64 = 60_000
    private let fan = 7

    private func greenhouse(samplePeriod: Int64 = 1000) -> FirstOrderModel {
        FirstOrderModel(
            initial: 22, ambient: 35, tau: 20 * minute, gains: [(output: fan, gain: -8)],
            samplePeriod: samplePeriod)
    }

    private func outputs(fanOn: Bool) -> (Int) -> Double {
        let fan = self.fan
        return { $0 == fan ? PlantInput.numeric(.bool(fanOn)) : PlantInput.numeric(.none) }
    }

    func testOneTauCoversOneMinusOneOverEOfTheGap() {
        var model = greenhouse()
        model.advance(to: 20 * minute, outputs: outputs(fanOn: false))
        XCTAssertEqual(model.value, 22 + 13 * (1 - exp(-1.0)), accuracy: 1e-9)
        XCTAssertEqual(model.time, 20 * minute)
    }

    func testFanOnMovesTheTargetTo27() {
        let model = greenhouse()
        XCTAssertEqual(model.target(outputs: outputs(fanOn: true)), 27)
        XCTAssertEqual(model.target(outputs: outputs(fanOn: false)), 35)
        XCTAssertEqual(model.target(outputs: { _ in PlantInput.numeric(.number(0.5)) }), 31)

        var settled = greenhouse()
        settled.advance(to: 2_000 * minute, outputs: outputs(fanOn: true))
        XCTAssertEqual(settled.value, 27, accuracy: 1e-9)

        // Ten minutes warming, then ten with the fan on, each half a tau.
        var switched = greenhouse()
        switched.advance(to: 10 * minute, outputs: outputs(fanOn: false))
        let warmed = 35 + (22 - 35) * exp(-0.5)
        XCTAssertEqual(switched.value, warmed, accuracy: 1e-9)
        switched.advance(to: 20 * minute, outputs: outputs(fanOn: true))
        XCTAssertEqual(switched.value, 27 + (warmed - 27) * exp(-0.5), accuracy: 1e-9)
    }

    func testOutputsAsAnArrayIndexedById() {
        var byClosure = greenhouse()
        var byArray = greenhouse()
        byClosure.advance(to: 5 * minute, outputs: outputs(fanOn: true))
        byArray.advance(to: 5 * minute, outputs: [0, 0, 0, 0, 0, 0, 0, 1])
        XCTAssertEqual(byClosure.value, byArray.value)
        byClosure.advance(to: 6 * minute, outputs: outputs(fanOn: false))
        byArray.advance(to: 6 * minute, outputs: [1, 1])  // id 7 is past the end: counts as 0
        XCTAssertEqual(byClosure.value, byArray.value)
    }

    func testManySmallAdvancesEndWhereOneBigOneDoes() {
        var big = greenhouse()
        big.advance(to: 45 * minute, outputs: outputs(fanOn: false))
        var small = greenhouse()
        var t: Int64 = 0
        var size: Int64 = 1
        while t < 45 * minute {
            t = min(t + size, 45 * minute)
            small.advance(to: t, outputs: outputs(fanOn: false))
            size = size % 997 + 13
        }
        XCTAssertEqual(small.value, big.value, accuracy: 1e-9)
        XCTAssertEqual(small.value, big.value, "under constant outputs the split does not change a single bit")
    }

    func testSmallAdvancesAcrossOutputChangesMatchOneAdvancePerSegment() {
        let changes: [(at: Int64, fanOn: Bool)] = [(7 * minute, true), (19 * minute, false), (31 * minute, true)]
        let end = 40 * minute
        var segments = greenhouse()
        var fanOn = false
        for change in changes {
            segments.advance(to: change.at, outputs: outputs(fanOn: fanOn))
            fanOn = change.fanOn
        }
        segments.advance(to: end, outputs: outputs(fanOn: fanOn))

        var steps = greenhouse()
        fanOn = false
        var next = 0
        var t: Int64 = 0
        while t < end {
            let stop = next < changes.count ? changes[next].at : end
            t = min(t + 1234, stop)
            steps.advance(to: t, outputs: outputs(fanOn: fanOn))
            if next < changes.count && t == changes[next].at {
                fanOn = changes[next].fanOn
                next += 1
            }
        }
        XCTAssertEqual(steps.value, segments.value, accuracy: 1e-9)
    }

    func testADayOfOneSecondStepsDoesNotDrift() {
        var model = greenhouse()
        let tau = Double(20 * minute)
        var worst = 0.0
        for second in 1...Int64(86_400) {
            let t = second * 1000
            model.advance(to: t, outputs: outputs(fanOn: false))
            if second % 600 == 0 || second < 100 {
                worst = max(worst, abs(model.value - (35 + (22 - 35) * exp(-Double(t) / tau))))
            }
        }
        XCTAssertLessThan(worst, 1e-9)
        XCTAssertEqual(model.value, 35, accuracy: 1e-9)
    }

    func testADayWithTheFanCyclingStaysOnThePiecewiseClosedForm() {
        var model = greenhouse()
        let tau = Double(20 * minute)
        var expected = 22.0
        var segmentStart: Int64 = 0
        var segmentValue = 22.0
        var worst = 0.0
        for second in 1...Int64(86_400) {
            let t = second * 1000
            let fanOn = (second - 1) / 600 % 2 == 1  // ten minutes off, ten on
            let target = fanOn ? 27.0 : 35.0
            model.advance(to: t, outputs: outputs(fanOn: fanOn))
            expected = target + (segmentValue - target) * exp(-Double(t - segmentStart) / tau)
            worst = max(worst, abs(model.value - expected))
            if second % 600 == 0 {
                segmentStart = t
                segmentValue = expected
            }
        }
        XCTAssertLessThan(worst, 1e-9)
    }

    func testTimeToReachIsTheFirstMillisecondPastTheLevel() {
        let model = greenhouse()
        let off = outputs(fanOn: false)
        let exact = Double(20 * minute) * log((22.0 - 35) / (30.0 - 35))  // closed-form instant, ms
        guard let hit = model.timeToReach(30, from: 0, outputs: off) else { return XCTFail("30 is on the way to 35") }
        XCTAssertEqual(hit, Int64(exact.rounded(.up)))
        XCTAssertGreaterThanOrEqual(model.value(at: hit, outputs: off), 30)
        XCTAssertLessThan(model.value(at: hit - 1, outputs: off), 30)

        var advanced = model
        advanced.advance(to: hit, outputs: off)
        XCTAssertGreaterThanOrEqual(advanced.value, 30, "advancing to the instant reaches the level")
    }

    func testTimeToReachFallingFromALaterInstant() {
        var model = FirstOrderModel(initial: 34, ambient: 35, tau: 20 * minute, gains: [(output: fan, gain: -8)])
        model.advance(to: 3 * minute, outputs: outputs(fanOn: false))
        let on = outputs(fanOn: true)
        let from = 5 * minute
        let startValue = model.value(at: from, outputs: on)
        let exact = Double(from) + Double(20 * minute) * log((startValue - 27) / (29.5 - 27))
        guard let hit = model.timeToReach(29.5, from: from, outputs: on) else { return XCTFail("falls toward 27") }
        XCTAssertEqual(Double(hit), exact.rounded(.up), accuracy: 1)
        XCTAssertLessThanOrEqual(model.value(at: hit, outputs: on), 29.5)
        XCTAssertGreaterThan(model.value(at: hit - 1, outputs: on), 29.5)
    }

    func testTimeToReachWhenTheLevelIsNotAhead() {
        let model = greenhouse()
        let off = outputs(fanOn: false)
        XCTAssertNil(model.timeToReach(36, from: 0, outputs: off), "beyond the target")
        XCTAssertNil(model.timeToReach(35, from: 0, outputs: off), "the target is approached, never crossed")
        XCTAssertNil(model.timeToReach(21, from: 0, outputs: off), "behind the start")
        XCTAssertEqual(model.timeToReach(22, from: 0, outputs: off), 0, "already there")
        let still = FirstOrderModel(initial: 35, ambient: 35, tau: minute)
        XCTAssertNil(still.timeToReach(30, from: 0, outputs: off))
    }

    func testSamplingGrid() {
        let model = greenhouse()
        XCTAssertEqual(model.nextSample(after: 0), 1000)
        XCTAssertEqual(model.nextSample(after: 999), 1000)
        XCTAssertEqual(model.nextSample(after: 1000), 2000)
        XCTAssertEqual(model.nextSample(after: -1), 0)
        XCTAssertEqual(model.nextSample(after: -1000), 0)
        XCTAssertEqual(greenhouse(samplePeriod: 250).nextSample(after: 260), 500)
    }

    func testReadsEachOutputOnceInOrder() {
        let model = FirstOrderModel(initial: 0, ambient: 0, tau: 1, gains: [(9, 1), (2, 2), (9, 3)])
        XCTAssertEqual(model.outputs, [2, 9])
    }

    func testSameCallsGiveTheSameBits() {
        func run() -> [UInt64] {
            var model = greenhouse()
            var out: [UInt64] = []
            for k in Int64(1)...500 {
                model.advance(to: k * 7_919, outputs: outputs(fanOn: k % 37 < 11))
                out.append(model.value.bitPattern)
            }
            return out
        }
        XCTAssertEqual(run(), run())
    }
}
