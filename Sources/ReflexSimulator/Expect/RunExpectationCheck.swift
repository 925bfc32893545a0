import ReflexCore

/// Judges the `notify` and `count` expectations of a scenario against the record of a finished run (`never` is
/// watched while the run goes, by `NeverWatch`).
///
/// - `notify`: holds when at least one notification through the notifier, at an instant within `between` (both
///   ends included) when given, has a message the `message` comparison accepts when given.
/// - `count: {notify}`: the notifications through the notifier over the whole run.
/// - `count: {changes}`: the changes driven to the output (SPEC Precise semantics 3): applying `initial` at the
///   start is none, a different value driven by start-up is one, at 0s.
struct RunExpectationCheck {
    let record: RunRecord
    let notifiers: [String: Int]
    let slots: [String: Int]

    /// The failures among `expectations`, in the order they are written.
    func failures(_ expectations: [RunExpectation]) -> [SimulationFailure] {
        expectations.compactMap { expectation in
            switch expectation.kind {
            case .notify(let n): notify(n, expectation.range)
            case .count(let c): count(c, expectation.range)
            case .never: nil
            }
        }
    }

    private func notify(_ n: RunExpectation.Notify, _ range: SourceRange) -> SimulationFailure? {
        guard let notifier = notifiers[n.notifier.value] else { return nil }
        let pattern = n.message.map(MessagePattern.init)
        let sent = record.notifications(notifier)
        let matching = sent.filter { item in
            if let between = n.between, item.at < between.from.value || item.at > between.to.value { return false }
            return pattern?.accepts(item.message) ?? true
        }
        guard matching.isEmpty else { return nil }
        var expected = "a notification from '\(n.notifier.value)'"
        if let between = n.between {
            let (from, to) = (DurationText.format(between.from.value), DurationText.format(between.to.value))
            expected += " between \(from) and \(to)"
        }
        if let pattern { expected += " with a message \(pattern.description)" }
        let actual: String
        if sent.isEmpty {
            actual = "no notification from '\(n.notifier.value)'"
        } else {
            let shown = sent.prefix(3).map { "\(DurationText.format($0.at)) \(ValueText.jsonString($0.message))" }
            actual = Self.plural(sent.count, "notification") + ", none of them matching: "
                + shown.joined(separator: "; ") + (sent.count > shown.count ? "; ..." : "")
        }
        return SimulationFailure(
            range: range, summary: "no matching notification from '\(n.notifier.value)'", expected: expected,
            actual: actual, evidence: .notifications(notifier: notifier))
    }

    private func count(_ c: RunExpectation.Count, _ range: SourceRange) -> SimulationFailure? {
        let instants: [Int64]
        let what: String
        let evidence: SimulationFailure.Evidence
        switch c.subject {
        case .notify(let name):
            guard let notifier = notifiers[name.value] else { return nil }
            instants = record.notifications(notifier).map(\.at)
            what = "notifications from '\(name.value)'"
            evidence = .notifications(notifier: notifier)
        case .changes(let name):
            guard let slot = slots[name.value] else { return nil }
            instants = record.drives(slot)
            what = "changes of '\(name.value)'"
            evidence = .drives(slot: slot)
        }
        let n = c.count.value
        let holds: Bool
        let expected: String
        switch c.comparison.value {
        case .equals:
            holds = instants.count == n
            expected = "exactly \(n)"
        case .atLeast:
            holds = instants.count >= n
            expected = "at least \(n)"
        case .atMost:
            holds = instants.count <= n
            expected = "at most \(n)"
        }
        guard !holds else { return nil }
        var actual = "\(instants.count)"
        if !instants.isEmpty {
            let shown = instants.prefix(5).map { DurationText.format($0) }
            actual += " (at " + shown.joined(separator: ", ") + (instants.count > shown.count ? ", ..." : "") + ")"
        }
        return SimulationFailure(range: range, summary: "wrong number of \(what)", expected: expected, actual: actual,
                                 evidence: evidence)
    }

    static func plural(_ n: Int, _ word: String) -> String { n == 1 ? "1 \(word)" : "\(n) \(word)s" }
}
