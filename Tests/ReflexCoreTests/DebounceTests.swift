import XCTest

@testable import ReflexCore

final class DebounceTests: XCTestCase {
    /// A commit: the instant and the level that became the committed one.
    private struct Commit: Equatable, CustomStringConvertible {
        var time: Int64
        var level: Bool
        var description: String { "\(level ? "high" : "low")@\(time)" }
    }

    /// Drives `debouncer` as the runtime does: each deadline due by the next edge runs first, at its own instant;
    /// after the last edge, deadlines run up to `until`.
    private func drive(
        _ debouncer: inout Debouncer, _ edges: [(Int64, Bool)], until end: Int64
    ) -> [Commit] {
        var commits: [Commit] = []
        func runDeadlines(through t: Int64) {
            while let due = debouncer.deadline, due <= t {
                if let level = debouncer.expire(at: due) { commits.append(Commit(time: due, level: level)) }
            }
        }
        for (t, level) in edges {
            runDeadlines(through: t)
            if let committed = debouncer.line(level, at: t) { commits.append(Commit(time: t, level: committed)) }
        }
        runDeadlines(through: end)
        return commits
    }

    // MARK: Settle

    func testSettleCommitsExactlyAtThePeriodNotBefore() {
        var d = Debouncer(mode: .settle(20), committed: false)
        XCTAssertNil(d.line(true, at: 100))
        XCTAssertEqual(d.deadline, 120)
        XCTAssertNil(d.expire(at: 119), "stable for 19 ms is not enough")
        XCTAssertFalse(d.committed)
        XCTAssertEqual(d.expire(at: 120), true)
        XCTAssertTrue(d.committed)
        XCTAssertNil(d.deadline)
    }

    func testSettleBounceBackCancels() {
        var d = Debouncer(mode: .settle(20), committed: false)
        XCTAssertNil(d.line(true, at: 100))
        XCTAssertNil(d.line(false, at: 110))
        XCTAssertNil(d.deadline, "the bounce cancels the pending commit")
        XCTAssertNil(d.expire(at: 120))
        XCTAssertFalse(d.committed)
    }

    func testSettleEachChangeRestartsTheClock() {
        var d = Debouncer(mode: .settle(20), committed: false)
        XCTAssertEqual(
            drive(&d, [(100, true), (110, false), (115, true)], until: 200), [Commit(time: 135, level: true)])
    }

    func testSettleChangeAtTheCommitInstantComesAfterTheCommit() {
        var d = Debouncer(mode: .settle(20), committed: false)
        XCTAssertEqual(
            drive(&d, [(100, true), (120, false)], until: 200),
            [Commit(time: 120, level: true), Commit(time: 140, level: false)])
    }

    func testRepeatedLevelIsNotAnEdge() {
        var d = Debouncer(mode: .settle(20), committed: false)
        XCTAssertNil(d.line(true, at: 100))
        XCTAssertNil(d.line(true, at: 110), "the same level again changes nothing")
        XCTAssertEqual(d.deadline, 120)
        var quiet = Debouncer(mode: .settle(20), committed: true)
        XCTAssertNil(quiet.line(true, at: 5))
        XCTAssertNil(quiet.deadline)
    }

    // MARK: Leading

    func testLeadingCommitsAtOnceAndIgnoresBounces() {
        var d = Debouncer(mode: .leading(20), committed: false)
        XCTAssertEqual(d.line(true, at: 100), true)
        XCTAssertEqual(d.deadline, 120)
        XCTAssertNil(d.line(false, at: 105), "ignored during the lockout")
        XCTAssertTrue(d.committed)
        XCTAssertFalse(d.raw)
    }

    func testLeadingLineDiffersAtLockoutEndCommitsAndLocksAgain() {
        var d = Debouncer(mode: .leading(20), committed: false)
        _ = d.line(true, at: 100)
        _ = d.line(false, at: 105)
        XCTAssertNil(d.expire(at: 119))
        XCTAssertEqual(d.expire(at: 120), false)
        XCTAssertEqual(d.deadline, 140, "a new lockout [120, 140)")
        XCTAssertNil(d.line(true, at: 130))
        XCTAssertEqual(d.expire(at: 140), true)
        XCTAssertEqual(d.deadline, 160)
    }

    func testLeadingLineSameAtLockoutEndEndsQuietly() {
        var d = Debouncer(mode: .leading(20), committed: false)
        _ = d.line(true, at: 100)
        _ = d.line(false, at: 105)
        _ = d.line(true, at: 110)
        XCTAssertNil(d.expire(at: 120))
        XCTAssertNil(d.deadline)
        XCTAssertTrue(d.committed)
        XCTAssertEqual(d.line(false, at: 121), false, "after the lockout an edge commits at once")
    }

    func testLeadingEdgeAtTheLockoutEndInstant() {
        var d = Debouncer(mode: .leading(20), committed: false)
        XCTAssertEqual(
            drive(&d, [(100, true), (120, false)], until: 200),
            [Commit(time: 100, level: true), Commit(time: 120, level: false)],
            "the lockout ends quietly at 120, then the edge at 120 commits")
        var e = Debouncer(mode: .leading(20), committed: false)
        XCTAssertEqual(
            drive(&e, [(100, true), (110, false), (120, true)], until: 200),
            [Commit(time: 100, level: true), Commit(time: 120, level: false), Commit(time: 140, level: true)],
            "the deadline at 120 sees the line low and commits; the edge at 120 falls in the new lockout")
    }

    // MARK: No debounce

    func testWithoutDebounceEveryEdgeCommits() {
        var d = Debouncer(mode: nil, committed: false)
        XCTAssertEqual(d.line(true, at: 1), true)
        XCTAssertEqual(d.line(false, at: 1), false)
        XCTAssertNil(d.line(false, at: 2))
        XCTAssertNil(d.deadline)
        var zero = Debouncer(mode: .settle(0), committed: true)
        XCTAssertEqual(zero.line(false, at: 3), false, "a zero period is no debounce")
    }

    // MARK: A late driver

    func testLineRunsAnOverdueDeadlineFirst() {
        var settle = Debouncer(mode: .settle(20), committed: false)
        _ = settle.line(true, at: 100)
        XCTAssertEqual(settle.line(false, at: 130), true, "the commit due at 120 is reported")
        XCTAssertTrue(settle.committed)
        XCTAssertEqual(settle.deadline, 150)

        var leading = Debouncer(mode: .leading(20), committed: false)
        _ = leading.line(true, at: 100)
        _ = leading.line(false, at: 105)
        XCTAssertNil(leading.line(true, at: 200), "false at 120, quiet at 140, then true at 200: high as before")
        XCTAssertTrue(leading.committed)
        XCTAssertEqual(leading.deadline, 220)
    }

    func testLateExpireCountsTheNewLockoutFromTheDeadline() {
        var d = Debouncer(mode: .leading(20), committed: false)
        _ = d.line(true, at: 100)
        _ = d.line(false, at: 105)
        XCTAssertEqual(d.expire(at: 125), false, "committed as of the deadline at 120")
        XCTAssertEqual(d.deadline, 140)
    }

    func testDeadlinesNearTheEndOfTimeDoNotOverflow() {
        var d = Debouncer(mode: .settle(20), committed: false)
        XCTAssertNil(d.line(true, at: .max - 5))
        XCTAssertEqual(d.deadline, .max)
        XCTAssertEqual(d.expire(at: .max), true)
    }

    // MARK: Against a reference model

    /// The SPEC's words, stepped one millisecond at a time: at each instant the deadline phase sees the line as it
    /// was, then the edges of that instant apply in order.
    private func reference(_ mode: Debounce?, committed start: Bool, _ edges: [(Int64, Bool)], until end: Int64)
        -> [Commit]
    {
        var committed = start
        var raw = start
        var lastChange: Int64 = .min / 2
        var lastCommit: Int64?
        var commits: [Commit] = []
        var next = 0
        for t in 0...end {
            // Deadlines: a settled level, or a leading lockout that ends now with the line elsewhere.
            switch mode {
            case .settle(let p):
                if raw != committed && t - lastChange >= p {
                    committed = raw
                    commits.append(Commit(time: t, level: raw))
                }
            case .leading(let p):
                if let c = lastCommit, t - c == p, raw != committed {
                    committed = raw
                    lastCommit = t
                    commits.append(Commit(time: t, level: raw))
                }
            case nil:
                break
            }
            while next < edges.count && edges[next].0 == t {
                let level = edges[next].1
                next += 1
                guard level != raw else { continue }
                raw = level
                lastChange = t
                switch mode {
                case .settle:
                    break
                case .leading(let p):
                    let lockedOut = lastCommit.map { t - $0 < p } ?? false
                    if !lockedOut && raw != committed {
                        committed = raw
                        lastCommit = t
                        commits.append(Commit(time: t, level: raw))
                    }
                case nil:
                    committed = raw
                    commits.append(Commit(time: t, level: raw))
                }
            }
        }
        return commits
    }

    func testRandomEdgesAgreeWithTheReferenceModel() {
        var generator = SeededGenerator(seed: 20_260_701)
        var commits = 0
        for round in 0..<600 {
            let mode: Debounce? =
                switch round % 3 {
                case 0: .settle(Int64(1 + generator.next() % 30))
                case 1: .leading(Int64(1 + generator.next() % 30))
                default: nil
                }
            let start = generator.next() % 2 == 0
            var edges: [(Int64, Bool)] = []
            var t: Int64 = 0
            for _ in 0..<Int(generator.next() % 40) {
                // Mostly short gaps (bounces), sometimes long ones; sometimes several edges at one instant.
                let gap = generator.next() % 4 == 0 ? Int64(generator.next() % 60) : Int64(generator.next() % 6)
                t += gap
                edges.append((t, generator.next() % 2 == 0))
            }
            let end = t + 100
            var debouncer = Debouncer(mode: mode, committed: start)
            let actual = drive(&debouncer, edges, until: end)
            let expected = reference(mode, committed: start, edges, until: end)
            XCTAssertEqual(actual, expected, "round \(round), \(String(describing: mode)), edges \(edges)")
            if actual != expected { return }
            commits += actual.count
            XCTAssertNil(debouncer.deadline)
            XCTAssertEqual(debouncer.committed, expected.last?.level ?? start)
        }
        XCTAssertGreaterThan(commits, 2_000, "the edges exercise commits of every kind")
    }
}
