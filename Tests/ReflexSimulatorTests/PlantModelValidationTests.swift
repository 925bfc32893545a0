import XCTest

@testable import ReflexSimulator

/// Parameter problems, worded for the scenario loader.
final class PlantModelValidationTests: XCTestCase {
    private func messages(_ problems: [PlantParameterProblem]) -> [String] {
        problems.map(\.message)
    }

    func testGoodParametersHaveNoProblems() {
        XCTAssertEqual(FirstOrderModel(initial: 22, ambient: 35, tau: 1_200_000, gains: [(0, -8)]).problems, [])
        XCTAssertEqual(SquareWave(low: 0, high: 1, period: 1000, duty: 0.25).problems, [])
        XCTAssertEqual(SineWave(offset: 0, amplitude: 1, period: 1).problems, [])
        XCTAssertEqual(Ramp(from: 0, to: 1, over: 1).problems, [])
        XCTAssertEqual(RandomWalk(start: 0, step: 1, every: 1, min: 0, max: 0, seed: 0).problems, [])
    }

    func testFirstOrder() {
        let model = FirstOrderModel(initial: .nan, ambient: 35, tau: 0, gains: [(1, .infinity)], samplePeriod: -500)
        XCTAssertEqual(
            messages(model.problems),
            [
                "'tau' must be greater than 0, found 0s",
                "'initial' must be a finite number, found NaN",
                "'gain' must be a finite number, found Infinity",
                "'every' must be greater than 0, found -500ms",
            ])
        XCTAssertEqual(model.problems.map(\.parameter), ["tau", "initial", "gain", "every"])
        XCTAssertEqual(
            messages(FirstOrderModel(initial: 0, ambient: 0, tau: -60_000).problems),
            ["'tau' must be greater than 0, found -1m"])
    }

    func testSquare() {
        XCTAssertEqual(
            messages(SquareWave(low: 0, high: 1, period: 0).problems),
            ["'period' must be greater than 0, found 0s"])
        XCTAssertEqual(
            messages(SquareWave(low: 0, high: 1, period: 1000, duty: 1).problems),
            ["'duty' must be between 0 and 1 (exclusive), found 1"])
        XCTAssertEqual(
            messages(SquareWave(low: 0, high: 1, period: 1000, duty: 0).problems),
            ["'duty' must be between 0 and 1 (exclusive), found 0"])
        XCTAssertEqual(
            messages(SquareWave(low: 0, high: 1, period: 1000, duty: -0.5).problems),
            ["'duty' must be between 0 and 1 (exclusive), found -0.5"])
        XCTAssertEqual(
            messages(SquareWave(low: 0, high: 1, period: 1000, duty: 0.9999).problems),
            ["'duty' × 'period' must leave at least 1ms high and 1ms low, found 0.9999 × 1s"])
    }

    func testSineAndRamp() {
        XCTAssertEqual(
            messages(SineWave(offset: 0, amplitude: 1, period: -1000).problems),
            ["'period' must be greater than 0, found -1s"])
        XCTAssertEqual(
            messages(Ramp(from: 0, to: .infinity, over: 0).problems),
            ["'over' must be greater than 0, found 0s", "'to' must be a finite number, found Infinity"])
    }

    func testRandomWalk() {
        XCTAssertEqual(
            messages(RandomWalk(start: 0, step: 0, every: 0, min: 5, max: 1, seed: 0).problems),
            [
                "'every' must be greater than 0, found 0s",
                "'step' must be a finite number greater than 0, found 0",
                "'min' (5) must not be greater than 'max' (1)",
            ])
        XCTAssertEqual(
            messages(RandomWalk(start: 10, step: 1, every: 1000, max: 5, seed: 0).problems),
            ["'start' (10) is above 'max' (5)"])
        XCTAssertEqual(
            messages(RandomWalk(start: -10, step: 1, every: 1000, min: -5, seed: 0).problems),
            ["'start' (-10) is below 'min' (-5)"])
    }

    func testDynamicsAddTheSamplePeriod() {
        let signal = PlantDynamics(.sine(SineWave(offset: 0, amplitude: 1, period: 0)), samplePeriod: 0)
        XCTAssertEqual(
            messages(signal.problems),
            ["'period' must be greater than 0, found 0s", "'every' must be greater than 0, found 0s"])
    }
}
