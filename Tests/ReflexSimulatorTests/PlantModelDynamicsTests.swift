import XCTest

@testable import ReflexSimulator

/// The unified model the simulator drives: advancing, publishing instants, outputs read.
final class PlantModelDynamicsTests: XCTestCase {
    func testFirstOrderThroughDynamicsMatchesTheModel() {
        let model = FirstOrderModel(initial: 22, ambient: 35, tau: 1_200_000, gains: [(output: 4, gain: -8)])
        var plant = PlantDynamics(model)
        var direct = model
        XCTAssertEqual(plant.outputs, [4])
        XCTAssertEqual(plant.value, 22)
        for k in Int64(1)...100 {
            let fanOn: (Int) -> Double = { $0 == 4 && k % 10 < 4 ? 1 : 0 }
            plant.advance(to: k * 30_000, outputs: fanOn)
            direct.advance(to: k * 30_000, outputs: fanOn)
            XCTAssertEqual(plant.value, direct.value)
        }
        XCTAssertEqual(plant.time, 3_000_000)
        XCTAssertEqual(plant.nextUpdate(after: 3_000_000), 3_001_000)
        let off: (Int) -> Double = { _ in 0 }
        XCTAssertEqual(
            plant.timeToReach(34, from: 3_000_000, outputs: off),
            direct.timeToReach(34, from: 3_000_000, outputs: off))
    }

    func testSignalsPublishAtTheirChangesOrOnTheGrid() {
        var square = PlantDynamics(.square(SquareWave(low: 0, high: 1, period: 10_000, duty: 0.3)))
        XCTAssertEqual(square.value, 1)
        XCTAssertEqual(square.outputs, [])
        XCTAssertEqual(square.nextUpdate(after: 0), 3000)
        square.advance(to: 3000, outputs: { _ in 0 })
        XCTAssertEqual(square.value, 0)
        XCTAssertNil(square.timeToReach(0.5, from: 3000, outputs: { _ in 0 }))

        var sine = PlantDynamics(.sine(SineWave(offset: 0, amplitude: 1, period: 4000)), samplePeriod: 250)
        XCTAssertEqual(sine.nextUpdate(after: 0), 250)
        XCTAssertEqual(sine.nextSample(after: 260), 500)
        sine.advance(to: 1000, outputs: { _ in 0 })
        XCTAssertEqual(sine.value, 1)

        let walk = PlantDynamics(.randomWalk(RandomWalk(start: 0, step: 1, every: 5000, seed: 1)))
        XCTAssertEqual(walk.nextUpdate(after: 0), 5000)
    }
}
