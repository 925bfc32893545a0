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

    /// A node with the number of nodes it holds (itself included), or nothing where an error left it out.
    enum Child {
        case node(YAMLNode, size: Int)
        case omitted
    }

    /// A sequence or mapping whose end event has not come yet.
    struct Frame {
        var isMapping: Bool
        var isFlow: Bool
        var start: YAMLMark
        var anchor: String?
        var tag: String?
        var size = 1
        var items: [YAMLNode] = []
        var pairs: [YAMLPair] = []
        /// A mapping's key waiting for its value (nil: the next child is a key).
        var pendingKey: Child?
        /// A mapping's written keys and where each was first written, to find duplicates as they come.
        var firstKeys: [String: SourceRange] = [:]
        /// A mapping's merge key (`<<`), if it has one.
        var mergeKey: SourceRange?
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
                error("a rule file holds one YAML document", at: range(start.position, start.position))
                return .stop(keepRoot: true)
            }
            return .proceed
        case .scalar(let scalar):
            nodeCount += 1
            return add(.node(makeScalar(scalar), size: 1), anchor: scalar.anchor)
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

    private func makeScalar(_ event: YAMLScalarEvent) -> YAMLNode {
        let parentIndent = stack.last.map { $0.isFlow ? -1 : $0.start.column } ?? -1
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
            return add(.omitted, anchor: nil)
        }
        nodeCount += target.size
        guard nodeCount <= Self.maximumNodes else {
            error("alias '*\(anchor)' expands the document past \(Self.maximumNodes) nodes", at: here)
            return .stop(keepRoot: false)
        }
        return add(.node(target.node, size: target.size), anchor: nil)
    }

    private mutating func open(_ collection: YAMLCollectionStart, isMapping: Bool) -> Step {
        let start = collection.start.position
        guard stack.count < Self.maximumDepth else {
            error("nesting is deeper than \(Self.maximumDepth) levels", at: range(start, start))
            return .stop(keepRoot: false)
        }
        nodeCount += 1
        stack.append(
            Frame(
                isMapping: isMapping, isFlow: collection.isFlow, start: collection.start, anchor: collection.anchor,
                tag: collection.tag, lastEnd: start))
        return .proceed
    }

    private mutating func close(end: YAMLMark) -> Step {
        guard var frame = stack.popLast() else { return .proceed }
        let endPosition = frame.isFlow ? end.position : frame.lastEnd
        let nodeRange = range(frame.start.position, endPosition)
        let kind: YAMLNode.Kind
        if frame.isMapping {
            if case .node(let key, _)? = frame.pendingKey {
                // A key without a value event cannot happen with libyaml; keep the tree honest anyway.
                frame.pairs.append(YAMLPair(key: key, value: YAMLNode(.mapping([]), range: key.range)))
            }
            kind = .mapping(frame.mergeKey == nil ? frame.pairs : merge(frame.pairs, written: frame.firstKeys))
        } else {
            kind = .sequence(frame.items)
        }
        let node = YAMLNode(kind, range: nodeRange, tag: frame.tag)
        return add(.node(node, size: frame.size), anchor: frame.anchor)
    }

    /// Hands a finished child to the collection that holds it, or makes it the root.
    private mutating func add(_ child: Child, anchor: String?) -> Step {
        if let anchor, case .node(let node, let size) = child {
            anchors[anchor] = (node, size)
        }
        guard !stack.isEmpty else {
            if case .node(let node, _) = child { root = node }
            return .proceed
        }
        let top = stack.count - 1
        if case .node(let node, let size) = child {
            stack[top].size += size
            if node.range.end > stack[top].lastEnd { stack[top].lastEnd = node.range.end }
        }
        guard stack[top].isMapping else {
            if case .node(let node, _) = child { stack[top].items.append(node) }
            return .proceed
        }
        guard let key = stack[top].pendingKey else {
            stack[top].pendingKey = checkedKey(child, in: top)
            return .proceed
        }
        stack[top].pendingKey = nil
        if case .node(let keyNode, _) = key, case .node(let value, _) = child {
            stack[top].pairs.append(YAMLPair(key: keyNode, value: value))
        }
        return .proceed
    }

    /// A key must be a scalar written once in its mapping; anything else is reported and its pair left out.
    /// A quoted '<<' is an ordinary key, apart from the merge key `<<`.
    private mutating func checkedKey(_ child: Child, in frame: Int) -> Child {
        guard case .node(let node, _) = child else { return child }
        guard let name = node.scalar?.value else {
            let what = if case .mapping = node.kind { "a mapping" } else { "a list" }
            error("a key must be a plain name, not \(what)", at: node.range)
            return .omitted
        }
        let isMerge = Self.isMergeKey(node)
        if let first = isMerge ? stack[frame].mergeKey : stack[frame].firstKeys[name] {
            error(
                "duplicate key '\(name)'", at: node.range, notes: [Diagnostic.Note("first defined here", at: first)])
            return .omitted
        }
        if isMerge {
            stack[frame].mergeKey = node.range
        } else {
            stack[frame].firstKeys[name] = node.range
        }
        return child
    }

    // MARK: - Helpers

    func range(_ start: SourcePosition, _ end: SourcePosition) -> SourceRange {
        SourceRange(file: file.path, start: start, end: end)
    }

    mutating func error(_ message: String, at range: SourceRange, notes: [Diagnostic.Note] = []) {
        diagnostics.append(.error(message, at: range, notes: notes))
    }
}
