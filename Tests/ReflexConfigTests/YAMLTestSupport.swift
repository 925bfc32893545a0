import ReflexCore
import XCTest

@testable import ReflexConfig

/// Small conveniences for reading loaded trees in tests.
extension YAMLNode {
    subscript(key: String) -> YAMLNode? {
        guard case .mapping(let pairs) = kind else { return nil }
        return pairs.first { $0.key.scalar?.value == key }?.value
    }

    subscript(index: Int) -> YAMLNode? {
        guard case .sequence(let items) = kind, items.indices.contains(index) else { return nil }
        return items[index]
    }

    func key(_ name: String) -> YAMLNode? {
        guard case .mapping(let pairs) = kind else { return nil }
        return pairs.first { $0.key.scalar?.value == name }?.key
    }

    var keys: [String] {
        guard case .mapping(let pairs) = kind else { return [] }
        return pairs.map { $0.key.scalar?.value ?? "?" }
    }

    var text: String? { scalar?.value }

    /// "line:column-line:column", the way a test states an expected range.
    var span: String { YAMLTest.span(range) }
}

enum YAMLTest {
    static func load(_ text: String, file: String = "rules.yaml") -> YAMLLoadResult {
        YAMLLoader.load(Array(text.utf8), file: file)
    }

    static func span(_ range: SourceRange) -> String {
        "\(range.start.line):\(range.start.column)-\(range.end.line):\(range.end.column)"
    }

    static func at(_ position: SourcePosition) -> String {
        "\(position.line):\(position.column)"
    }

    /// "file:line:column: message" for each diagnostic, notes indented below.
    static func describe(_ diagnostics: [Diagnostic]) -> [String] {
        diagnostics.flatMap { d in
            ["\(d.range): \(d.message)"] + d.notes.map { "  \($0.range): note: \($0.message)" }
        }
    }
}
