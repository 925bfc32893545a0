/// "Did you mean" suggestions: the closest known name within an edit distance of 2.
public enum Suggestion {
    /// The optimal-string-alignment distance: insertions, deletions, substitutions and adjacent
    /// transpositions each cost 1. Returns `limit + 1` as soon as the distance is known to exceed `limit`.
    public static func distance(_ a: String, _ b: String, limit: Int = 2) -> Int {
        let s = Array(a.unicodeScalars)
        let t = Array(b.unicodeScalars)
        if abs(s.count - t.count) > limit { return limit + 1 }
        if s.isEmpty { return t.count }
        if t.isEmpty { return s.count }
        var previous2 = [Int](repeating: 0, count: t.count + 1)
        var previous = Array(0...t.count)
        var current = [Int](repeating: 0, count: t.count + 1)
        for i in 1...s.count {
            current[0] = i
            var rowMin = current[0]
            for j in 1...t.count {
                let cost = s[i - 1] == t[j - 1] ? 0 : 1
                var d = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, s[i - 1] == t[j - 2], s[i - 2] == t[j - 1] {
                    d = Swift.min(d, previous2[j - 2] + 1)
                }
                current[j] = d
                rowMin = Swift.min(rowMin, d)
            }
            if rowMin > limit { return limit + 1 }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[t.count]
    }

    /// The candidate closest to `name` (distance ≤ 2, ties broken by candidate order), if any.
    public static func closest<S: Sequence>(to name: String, in candidates: S) -> String? where S.Element == String {
        var best: (String, Int)?
        for candidate in candidates where candidate != name {
            let d = distance(name, candidate)
            if d <= 2, best == nil || d < best!.1 { best = (candidate, d) }
        }
        return best?.0
    }

    /// "; did you mean 'x'?" or the empty string.
    public static func didYouMean<S: Sequence>(_ name: String, in candidates: S) -> String where S.Element == String {
        guard let match = closest(to: name, in: candidates) else { return "" }
        return "; did you mean '\(match)'?"
    }
}
