import ReflexCore

/// A YAML node after alias and merge-key resolution, with the source range it was written at.
public struct YAMLNode: Sendable {
    public enum Kind: Sendable {
        case scalar(YAMLScalar)
        case sequence([YAMLNode])
        case mapping([YAMLPair])
    }

    public var kind: Kind
    /// From the node's first character to just past its last (1-based lines and columns).
    public var range: SourceRange
    /// The resolved explicit tag (`tag:yaml.org,2002:str` for `!!str`), if one was written.
    public var tag: String?

    public init(_ kind: Kind, range: SourceRange, tag: String? = nil) {
        self.kind = kind
        self.range = range
        self.tag = tag
    }
}

public struct YAMLPair: Sendable {
    public var key: YAMLNode
    public var value: YAMLNode

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

public enum ScalarStyle: Sendable, Hashable {
    case plain
    case singleQuoted
    case doubleQuoted
    case literal
    case folded
}

/// A scalar's value, how it was written, and a way back from offsets in the value to file positions.
public struct YAMLScalar: Sendable {
    public var value: String
    public var style: ScalarStyle
    /// Maps Unicode-scalar offsets in `value` to positions in the file (exact for plain and quoted
    /// scalars; block scalars map at least to the right line).
    public var mapping: any SourceMapping

    public init(value: String, style: ScalarStyle, mapping: any SourceMapping) {
        self.value = value
        self.style = style
        self.mapping = mapping
    }
}

extension YAMLNode {
    public var scalar: YAMLScalar? {
        if case .scalar(let s) = kind { return s }
        return nil
    }

    /// A plain `~`, `null`, `Null`, `NULL` or empty scalar (YAML 1.2 core schema).
    public var isNull: Bool {
        guard case .scalar(let s) = kind, s.style == .plain, tag == nil else { return false }
        switch s.value {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }

    /// The scalar as rule text (expression or template) that keeps its way back to file positions.
    public var sourceText: SourceText? {
        guard let s = scalar else { return nil }
        return SourceText(s.value, range: range, mapping: s.mapping)
    }

    /// What kind of node this is, for messages: "a mapping", "a list", "a scalar".
    public var kindDescription: String {
        switch kind {
        case .scalar: isNull ? "nothing" : "a scalar"
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }
}
