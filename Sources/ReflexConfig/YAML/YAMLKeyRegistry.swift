import ReflexCore

/// The keys written so far in one mapping and where each was first written, for finding duplicates.
///
/// Rule mappings are mostly small, so up to `linearLimit` keys live in a plain array (no hashing); larger
/// mappings (the list of inputs, the top level of a big file) switch to a dictionary.
struct YAMLKeyRegistry {
    /// Where a key was written: start and end, without the file name a `SourceRange` would carry.
    struct Span {
        var start: SourcePosition
        var end: SourcePosition
    }

    private static let linearLimit = 12
    private var few: [(name: String, span: Span)] = []
    private var many: [String: Span]?

    /// Where `name` was first written, if it was.
    func first(_ name: String) -> Span? {
        if let many { return many[name] }
        for entry in few where entry.name == name { return entry.span }
        return nil
    }

    func contains(_ name: String) -> Bool { first(name) != nil }

    /// Records a key not written before.
    mutating func insert(_ name: String, at span: Span) {
        if many != nil {
            many![name] = span
            return
        }
        if few.count < Self.linearLimit {
            if few.isEmpty { few.reserveCapacity(6) }
            few.append((name, span))
            return
        }
        var index = [String: Span](minimumCapacity: few.count * 2)
        for entry in few { index[entry.name] = entry.span }
        index[name] = span
        many = index
        few = []
    }
}
