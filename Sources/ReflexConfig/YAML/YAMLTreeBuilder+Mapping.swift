import ReflexCore

extension YAMLTreeBuilder {
    /// The pairs of a finished mapping with its merge key (`<<`) replaced by the merged pairs. Keys written in the
    /// mapping win over merged ones; among merged mappings the earlier one wins. Merged pairs take the place of
    /// the `<<` and keep the ranges they were written at.
    mutating func merge(_ pairs: [YAMLPair], written: YAMLKeyRegistry) -> [YAMLPair] {
        var result: [YAMLPair] = []
        result.reserveCapacity(pairs.count)
        var merged = Set<String>()
        for pair in pairs {
            guard Self.isMergeKey(pair.key) else {
                result.append(pair)
                continue
            }
            for source in mergeSources(of: pair) {
                for mergedPair in source {
                    guard let name = mergedPair.key.scalar?.value else { continue }
                    guard !written.contains(name), merged.insert(name).inserted else { continue }
                    result.append(mergedPair)
                }
            }
        }
        return result
    }

    /// A plain, untagged `<<` or a key tagged `!!merge`.
    static func isMergeKey(_ key: YAMLNode) -> Bool {
        guard let scalar = key.scalar else { return false }
        return isMergeKey(value: scalar.value, style: scalar.style, tag: key.tag)
    }

    static func isMergeKey(_ event: YAMLEvent.Scalar) -> Bool {
        isMergeKey(value: event.value, style: event.style, tag: event.tag)
    }

    private static func isMergeKey(value: String, style: ScalarStyle, tag: String?) -> Bool {
        if let tag { return tag == "tag:yaml.org,2002:merge" }
        return style == .plain && value == "<<"
    }

    /// The mappings a `<<` pair merges, in order; anything that is not a mapping is reported and skipped.
    private mutating func mergeSources(of pair: YAMLPair) -> [[YAMLPair]] {
        switch pair.value.kind {
        case .mapping(let pairs):
            return [pairs]
        case .sequence(let items):
            var sources: [[YAMLPair]] = []
            for item in items {
                if case .mapping(let pairs) = item.kind {
                    sources.append(pairs)
                } else {
                    error("'<<' merges mappings; this list item is \(item.kindDescription)", at: item.range)
                }
            }
            return sources
        case .scalar:
            error(
                "'<<' merges a mapping or a list of mappings, not \(pair.value.kindDescription)",
                at: pair.key.range)
            return []
        }
    }
}
