import XCTest

@testable import ReflexSimulator

/// The seeded random walk: determinism, random access and bounds.
final class PlantModelRandomWalkTests: XCTestCase {
    private func walk(seed: UInt64, min: Double? = nil, max: Double? = nil) -> RandomWalk {
        RandomWalk(start: 20, step: 0.5, every: 1000, min: min, max: max, seed: seed)
    }

    private func sequence(_ walk: RandomWalk, moves: Int) -> [Double] {
        var walk = walk
        return (0...moves).map { walk.value(at: Int64($0) * 1000) }
    }

    func testSplitMix64KnownOutputs() {
        var generator = SplitMix64(seed: 0)
        XCTAssertEqual(generator.next(), 0xE220_A839_7B1D_CDAF)
        XCTAssertEqual(generator.next(), 0x6E78_9E6A_A1B9_65F4)
    }

    func testSameSeedSameSequenceOtherSeedOtherSequence() {
        let a = sequence(walk(seed: 42), moves: 1000)
        XCTAssertEqual(a, sequence(walk(seed: 42), moves: 1000))
        XCTAssertNotEqual(a, sequence(walk(seed: 43), moves: 1000))
        XCTAssertEqual(a[0], 20, "no move before the first period")
        for k in 1..<a.count {
            XCTAssertEqual(abs(a[k] - a[k - 1]), 0.5, "each move is one step up or down")
        }
        XCTAssertGreaterThan(Set(a).count, 10)
    }

    func testRandomAccessEqualsSequential() {
        let sequential = sequence(walk(seed: 7), moves: 2000)
        var fresh = walk(seed: 7)
        XCTAssertEqual(fresh.value(at: 1_500_000), sequential[1500])
        XCTAssertEqual(fresh.value(at: 300_999), sequential[300], "between moves the value holds")
        XCTAssertEqual(fresh.value(at: 2_000_000), sequential[2000])
        XCTAssertEqual(fresh.value(at: 999), 20)
        XCTAssertEqual(fresh.value(at: -5000), 20)
        for t in stride(from: Int64(0), through: 2_000_000, by: 77_777) {
            var other = walk(seed: 7)
            XCTAssertEqual(other.value(at: t), sequential[Int(t / 1000)], "t = \(t)")
        }
    }

    func testBoundsClampAndAreRespected() {
        let values = sequence(walk(seed: 3, min: 19, max: 21), moves: 5000)
        XCTAssertTrue(values.allSatisfy { $0 >= 19 && $0 <= 21 })
        XCTAssertTrue(values.contains(19))
        XCTAssertTrue(values.contains(21))
        var stuck = 0
        for k in 1..<values.count where values[k] == values[k - 1] {
            XCTAssertTrue(values[k] == 19 || values[k] == 21, "only a clamped move leaves the value in place")
            stuck += 1
        }
        XCTAssertGreaterThan(stuck, 0)

        let floorOnly = sequence(RandomWalk(start: 0, step: 1, every: 10, min: 0, seed: 11), moves: 3000)
        XCTAssertTrue(floorOnly.allSatisfy { $0 >= 0 })
        let uneven = sequence(RandomWalk(start: 0, step: 0.7, every: 10, min: -1, max: 1, seed: 5), moves: 3000)
        XCTAssertTrue(uneven.allSatisfy { $0 >= -1 && $0 <= 1 })
    }

    func testNextChangeIsTheNextMove() {
        let walk = RandomWalk(start: 0, step: 1, every: 250, seed: 1)
        XCTAssertEqual(walk.nextChange(after: 0), 250)
        XCTAssertEqual(walk.nextChange(after: 249), 250)
        XCTAssertEqual(walk.nextChange(after: 250), 500)
    }

    func testThroughSignalModelTheCacheSurvives() {
        var signal = SignalModel.randomWalk(walk(seed: 9))
        let expected = sequence(walk(seed: 9), moves: 100)
        for k in 0...100 {
            XCTAssertEqual(signal.value(at: Int64(k) * 1000 + 500), expected[k])
        }
    }
}
