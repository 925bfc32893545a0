import Foundation
import ReflexConfig
import ReflexCore
import XCTest

/// Same rule set, same timeline → the same effects in the same order, whatever the driver's step sizes.
final class EngineDeterminismTests: XCTestCase {
    /// A random timeline of input updates for a program: (instant, slot, value), instants non-decreasing.
    static func timeline(_ program: Program, seed: UInt64, count: Int) -> [(Int64, Int, Value)] {
        var g = SeededGenerator(state: seed)
        var t: Int64 = 0
        var out: [(Int64, Int, Value)] = []
        let inputs = program.inputs.map(\.slot)
        for _ in 0..<count {
            t += Int64(g.below(4) == 0 ? 0 : g.below(120_000))
            let slot = inputs[g.below(inputs.count)]
            let value: Value = switch program.signals[slot].type {
            case .bool: .bool(g.below(2) == 0)
            case .number: .number(Double(g.below(800)) / 10 - 10)
            default: .string(["auto", "manual", "arm", "disarm", "reset", "off"][g.below(6)])
            }
            out.append((t, slot, value))
        }
        return out
    }

    /// Runs a timeline; `stride` > 0 also advances the clock in steps of that size between updates.
    static func run(_ program: Program, _ timeline: [(Int64, Int, Value)], stride: Int64) -> ([Effect], [Value]) {
        let engine = Engine(program: program, start: 1_780_000_000_000)
        var effects = engine.start()
        let base: Int64 = 1_780_000_000_000
        var clock = base
        for (t, slot, value) in timeline {
            if stride > 0 {
                while clock + stride < base + t {
                    clock += stride
                    effects += engine.advance(to: clock)
                }
            }
            effects += engine.update([(slot, value)], at: base + t)
            clock = base + t
        }
        effects += engine.advance(to: clock + 86_400_000)
        return (effects, program.signals.indices.map { engine.value(of: $0) })
    }

    func testExampleRuleSetsAreDeterministicAcrossRunsAndStepSizes() throws {
        let rules = Fixtures.repository.appendingPathComponent("rules")
        let loader = RuleSetLoader(environment: ["OPS_TOKEN": "x"])
        let sets = loader.resolve([rules.path]).sets
        XCTAssertEqual(sets.count, 3)
        for source in sets {
            let program = try XCTUnwrap(RuleSetCheck(loader.load(source)).program, source.path)
            for seed: UInt64 in [1, 2, 3] {
                let timeline = Self.timeline(program, seed: seed, count: 400)
                let first = Self.run(program, timeline, stride: 0)
                let again = Self.run(program, timeline, stride: 0)
                XCTAssertEqual(first.0, again.0, "\(source.path) seed \(seed): two runs differ")
                for stride: Int64 in [1_000, 7_919, 60_000] {
                    let stepped = Self.run(program, timeline, stride: stride)
                    XCTAssertEqual(first.0, stepped.0, "\(source.path) seed \(seed): stride \(stride) changes the effects")
                    XCTAssertEqual(first.1, stepped.1, "\(source.path) seed \(seed): stride \(stride) changes the state")
                }
                XCTAssertGreaterThan(first.0.count, 10, "\(source.path): the timeline should make the rules act")
            }
        }
    }
}
