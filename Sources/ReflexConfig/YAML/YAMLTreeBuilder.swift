import ReflexCore

/// Builds the node tree of one rule file from parser events, on an explicit stack (never by recursion).
///
/// It resolves aliases (copies of the anchored node), merge keys (`<<`), reports duplicate and non-scalar keys,
/// and stops at a nesting depth of 64 or when aliases would expand the document past a million nodes.
struct YAMLTreeBuilder {
    static let maximumDepth = 64
    static let maximumNodes = 1_000_000

    /// What a finished event sequence asks of the reader.
    enum Step {
        case proceed
        /// Stop reading; `keepRoot` says whether the tree built so far is whole.
        case stop(keepRoot: Bool)
    }

    /// What a key needs checked, known from the scalar event without looking into the node again.
    struct KeyFacts {
        var name: String
        var isMerge: Bool
    }

    /// A sequence or mapping whose end event has not come yet.
    struct Frame {
        var isMapping: Bool
        var isFlow: Bool
        var start: YAMLMark
        /// The column (0-based) libyaml indents a block collection's children from; -1 for flow collections.
        var indent: Int
        var anchor: String?
        var tag: String?
        var size = 1
        var items: [YAMLNode] = []
        var pairs: [YAMLPair] = []
        /// Whether a mapping's next child is a value (the key before it came).
        var expectsValue = false
        /// The key waiting for that value; nil when an error left the key out (the value is then dropped too).
        var pendingKey: YAMLNode?
        /// A mapping's written keys and where each was first written, to find duplicates as they come.
        var keys = YAMLKeyRegistry()
        /// A mapping's merge key (`<<`), if it has one.
        var mergeKey: YAMLKeyRegistry.Span?
        /// The end of the last child, which ends a block collection.
        var lastEnd: SourcePosition
    }

    let file: SourceFile
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var root: YAMLNode?
    private var stack: [Frame] = []
    private var anchors: [String: (node: YAMLNode, size: Int)] = [:]
    private var nodeCount = 0
    private var documents = 0

    init(file: SourceFile) {
        self.file = file
    }

    mutating func handle(_ event: YAMLEvent) -> Step {
        switch event {
        case .streamStart, .documentEnd:
            return .proceed
        case .streamEnd:
            return .stop(keepRoot: true)
        case .documentStart(let start):
            documents += 1
            guard documents == 1 else {
                error("a rule file holds one YAML document", at: point(start.position))
                return .stop(keepRoot: true)
            }
            return .proceed
        case .scalar(let scalar):
            nodeCount += 1
            let facts = KeyFacts(name: scalar.value, isMerge: Self.isMergeKey(scalar))
            return add(makeScalar(scalar), size: 1, anchor: scalar.anchor, key: facts)
        case .alias(let anchor, let start, let end):
            return alias(anchor, start: start, end: end)
        case .sequenceStart(let collection):
            return open(collection, isMapping: false)
        case .mappingStart(let collection):
            return open(collection, isMapping: true)
        case .sequenceEnd(let end), .mappingEnd(let end):
            return close(end: end)
        }
    }

    // MARK: - Events

    private func makeScalar(_ event: YAMLEvent.Scalar) -> YAMLNode {
        // Read through the index: `stack.last` would copy the whole frame.
        var parentIndent = -1
        if let top = stack.indices.last { parentIndent = stack[top].indent }
        let mapping = YAMLScalarMapping(file: file, event: event, parentIndent: parentIndent)
        let scalar = YAMLScalar(value: event.value, style: event.style, mapping: mapping)
        return YAMLNode(.scalar(scalar), range: range(event.start.position, event.end.position), tag: event.tag)
    }

    private mutating func alias(_ anchor: String, start: YAMLMark, end: YAMLMark) -> Step {
        let here = range(start.position, end.position)
        guard let target = anchors[anchor] else {
            if stack.contains(where: { $0.anchor == anchor }) {
                error("alias '*\(anchor)' refers to the node that contains it", at: here)
            } else {
                error("unknown alias '*\(anchor)'; an anchor '&\(anchor)' must come before it", at: here)
            }
            return addOmitted()
        }
        nodeCount += target.size
        guard nodeCount <= Self.maximumNodes else {
            error("alias '*\(anchor)' expands the document past \(Self.maximumNodes) nodes", at: here)
            return .stop(keepRoot: false)
        }
        let facts = target.node.scalar.map { KeyFacts(name: $0.value, isMerge: Self.isMergeKey(target.node)) }
        return add(target.node, size: target.size, anchor: nil, key: facts)
    }

    private mutating func open(_ collection: YAMLEvent.CollectionStart, isMapping: Bool) -> Step {
        let start = collection.start.position
        guard stack.count < Self.maximumDepth else {
            error("nesting is deeper than \(Self.maximumDepth) levels", at: point(start))
            return .stop(keepRoot: false)
        }
        nodeCount += 1
        stack.append(
            Frame(
                isMapping: isMapping, isFlow: collection.isFlow, start: collection.start,
                indent: blockIndent(collection, isMapping: isMapping), anchor: collection.anchor, tag: collection.tag,
                lastEnd: start))
        return .proceed
    }

    /// The column of a block mapping's first key or a block sequence's first '-', which is where libyaml's
    /// indentation for the collection's children is counted from. The start mark is at an anchor or tag when the
    /// collection has one, so the end mark is used: at the first key, or at (or just past) the first '-'.
    private func blockIndent(_ collection: YAMLEvent.CollectionStart, isMapping: Bool) -> Int {
        if collection.isFlow { return -1 }
        if isMapping { return collection.end.column }
        if collection.anchor == nil && collection.tag == nil { return collection.start.column }
        let end = collection.end
        let offset = file.byteOffset(line: end.line, column: end.column)
        let atDash = offset < file.bytes.count && file.bytes[offset] == UInt8(ascii: "-")
        return atDash ? end.column : end.column - 1
    }

    private mutating func close(end: YAMLMark) -> Step {
        guard let frame = stack.popLast() else { return .proceed }
        let endPosition = frame.isFlow ? end.position : frame.lastEnd
        let nodeRange = range(frame.start.position, endPosition)
        let kind: YAMLNode.Kind
        if frame.isMapping {
            let pairs = frame.mergeKey == nil ? frame.pairs : merge(frame.pairs, written: frame.keys)
            kind = .mapping(pairs)
        } else {
            kind = .sequence(frame.items)
        }
        let node = YAMLNode(kind, range: nodeRange, tag: frame.tag)
        return add(node, size: frame.size, anchor: frame.anchor, key: nil)
    }

    /// Hands a finished node holding `size` nodes to the collection that holds it, or makes it the root.
    /// `key` describes a scalar node (nil for a collection) in case it is a mapping key.
    private mutating func add(_ node: consuming YAMLNode, size: Int, anchor: String?, key: KeyFacts?) -> Step {
        if let anchor { anchors[anchor] = (copy node, size) }
        guard let top = stack.indices.last else {
            root = node
            return .proceed
        }
        stack[top].size += size
        if node.range.end > stack[top].lastEnd { stack[top].lastEnd = node.range.end }
        if !stack[top].isMapping {
            stack[top].items.append(node)
        } else if stack[top].expectsValue {
            stack[top].expectsValue = false
            if let key = stack[top].pendingKey.take() {
                stack[top].pairs.append(YAMLPair(key: key, value: node))
            }
        } else {
            stack[top].expectsValue = true
            if isUsableKey(node, key, in: top) { stack[top].pendingKey = node }
        }
        return .proceed
    }

    /// Stands in for a child an error left out: in a list nothing is added, in a mapping the pair is dropped.
    private mutating func addOmitted() -> Step {
        guard let top = stack.indices.last, stack[top].isMapping else { return .proceed }
        stack[top].expectsValue.toggle()
        stack[top].pendingKey = nil
        return .proceed
    }

    /// A key must be a scalar written once in its mapping; anything else is reported and its pair left out.
    /// A quoted '<<' is an ordinary key, apart from the merge key `<<`.
    private mutating func isUsableKey(_ node: YAMLNode, _ key: KeyFacts?, in frame: Int) -> Bool {
        guard let key else {
            let what = if case .mapping = node.kind { "a mapping" } else { "a list" }
            error("a key must be a plain name, not \(what)", at: node.range)
            return false
        }
        if let first = key.isMerge ? stack[frame].mergeKey : stack[frame].keys.first(key.name) {
            let note = Diagnostic.Note("first defined here", at: range(first.start, first.end))
            error("duplicate key '\(key.name)'", at: node.range, notes: [note])
            return false
        }
        let span = YAMLKeyRegistry.Span(start: node.range.start, end: node.range.end)
        if key.isMerge {
            stack[frame].mergeKey = span
        } else {
            stack[frame].keys.insert(key.name, at: span)
        }
        return true
    }

    // MARK: - Helpers

    func range(_ start: SourcePosition, _ end: SourcePosition) -> SourceRange {
        SourceRange(file: file.path, start: start, end: end)
    }

    /// One column at `position`, for findings about a place rather than a node.
    func point(_ position: SourcePosition) -> SourceRange {
        SourceRange(file: file.path, line: Int(position.line), column: Int(position.column))
    }

    mutating func error(_ message: String, at range: SourceRange, notes: [Diagnostic.Note] = []) {
        diagnostics.append(.error(message, at: range, notes: notes))
    }
}
