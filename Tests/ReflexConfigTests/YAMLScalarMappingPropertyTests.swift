import ReflexCore
import XCTest

@testable import ReflexConfig

/// Generated scalars of every style, checked against the source: positions rise with the offset, and every value
/// character maps to the character that produced it.
final class YAMLScalarMappingPropertyTests: XCTestCase {
    /// A small deterministic generator (64-bit LCG), so failures repeat.
    struct Generator {
        var state: UInt64

        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }

        mutating func pick<T>(_ items: [T]) -> T { items[next(items.count)] }

        mutating func chance(_ percent: Int) -> Bool { next(100) < percent }
    }

    private static let letters = Array("abcxyzé😀ß日")
    private static let symbols = Array("+-*/<>=().,!?%&")

    private func word(_ g: inout Generator, extra: [Character] = []) -> String {
        var w = String(g.pick(Self.letters))
        for _ in 0..<g.next(6) { w.append(g.chance(70) ? g.pick(Self.letters) : g.pick(Self.symbols + extra)) }
        return w
    }

    /// Lines of words; between lines the caller puts a break, indentation and sometimes empty lines.
    private func words(_ g: inout Generator, extra: [Character] = []) -> String {
        let separator = String(repeating: " ", count: 1 + g.next(3))
        return (0..<(1 + g.next(4))).map { _ in word(&g, extra: extra) }.joined(separator: separator)
    }

    private func join(_ g: inout Generator, lines: [String], indent: Int) -> String {
        var text = lines[0]
        for line in lines.dropFirst() {
            if g.chance(30) { text += String(repeating: " ", count: g.next(3)) }
            text += "\n"
            for _ in 0..<(g.chance(25) ? 1 + g.next(2) : 0) {
                text += String(repeating: " ", count: g.next(indent + 1)) + "\n"
            }
            text += String(repeating: " ", count: indent + g.next(3)) + line
        }
        return text
    }

    private func plain(_ g: inout Generator) -> String {
        join(&g, lines: (0..<(1 + g.next(3))).map { _ in words(&g) }, indent: 2)
    }

    private func singleQuoted(_ g: inout Generator) -> String {
        let lines = (0..<(1 + g.next(3))).map { _ in
            (g.chance(20) ? " " : "") + words(&g, extra: ["'", "\"", "\\", "#", ":"]).replacingQuotes()
        }
        return "'" + join(&g, lines: lines, indent: 2) + (g.chance(20) ? " " : "") + "'"
    }

    private func doubleQuoted(_ g: inout Generator) -> String {
        let escapes = ["\\\"", "\\\\", "\\n", "\\t", "\\x41", "\\u00e9", "\\U0001F600", "\\ ", "\\/", "\\0"]
        let lines = (0..<(1 + g.next(3))).map { _ -> String in
            var line = ""
            for i in 0..<(1 + g.next(4)) {
                if i > 0 { line += String(repeating: " ", count: 1 + g.next(2)) }
                line += g.chance(40) ? g.pick(escapes) + word(&g) : word(&g, extra: ["'", "#", ":"])
            }
            return line
        }
        var text = lines[0]
        for line in lines.dropFirst() {
            text += g.chance(40) ? "\\\n" : "\n"
            if g.chance(20) { text += "\n" }
            text += String(repeating: " ", count: 2 + g.next(3)) + line
        }
        return "\"" + text + "\""
    }

    private func block(_ g: inout Generator) -> String {
        var text = g.pick(["|", ">"]) + g.pick(["", "-", "+"]) + "\n"
        if g.chance(20) { text += "\n" }
        // The first content line sets the indentation (2), so only later lines may be indented deeper.
        text += "  " + words(&g) + "\n"
        for _ in 0..<g.next(5) {
            if g.chance(20) {
                text += String(repeating: " ", count: g.next(3)) + "\n"
                continue
            }
            text += "  " + String(repeating: " ", count: g.chance(25) ? 1 + g.next(2) : 0) + words(&g) + "\n"
        }
        if g.chance(30) { text += "\n" }
        return text
    }

    func testGeneratedScalarsMapBackToTheirCharacters() throws {
        var g = Generator(state: 2024)
        var checked = 0
        for round in 0..<1_200 {
            let scalarText: String
            switch round % 4 {
            case 0: scalarText = plain(&g)
            case 1: scalarText = singleQuoted(&g)
            case 2: scalarText = doubleQuoted(&g)
            default: scalarText = block(&g)
            }
            let prefix = g.pick(["v: ", "v:  ", "v: &a ", "v: !!str ", "v:\n  "])
            let text = "a: 😀é\n" + prefix + scalarText + (scalarText.hasSuffix("\n") ? "" : "\n") + "w: end\n"
            let result = YAMLTest.load(text)
            guard result.diagnostics.isEmpty, let node = result.root?["v"], let scalar = node.scalar else {
                let problems = YAMLTest.describe(result.diagnostics)
                XCTFail("generated text did not load: \(text.debugDescription) \(problems)")
                continue
            }
            checked += check(scalar, in: result.source, text: text)
        }
        XCTAssertGreaterThan(checked, 10_000)
    }

    /// Checks one scalar; returns how many offsets were checked.
    private func check(_ scalar: YAMLScalar, in source: SourceFile, text: String) -> Int {
        let value = Array(scalar.value.unicodeScalars)
        var previous: SourcePosition?
        for offset in 0...value.count {
            let p = scalar.mapping.position(ofScalarOffset: offset)
            let context = "\(text.debugDescription) value \(scalar.value.debugDescription) offset \(offset)"
            if let previous, !(previous < p) {
                XCTFail("positions must rise: \(YAMLTest.at(p)) after \(YAMLTest.at(previous)) in \(context)")
                return offset
            }
            previous = p
            guard offset < value.count else { break }
            let line = Array((source.line(Int(p.line)) ?? "").unicodeScalars)
            let column = Int(p.column) - 1
            let found: Unicode.Scalar? = column < line.count ? line[column] : nil  // nil: the line break
            let expected = value[offset]
            let ok: Bool
            switch expected {
            case " ": ok = found == " " || found == nil || found == "\\"
            case "\n": ok = found == nil || found == "\\"
            default: ok = found == expected || found == "\\"
            }
            if !ok {
                XCTFail("\(YAMLTest.at(p)) holds \(found.map { String($0) }.debugDescription) in \(context)")
                return offset
            }
        }
        return value.count + 1
    }
}

extension String {
    /// A single-quoted scalar writes ' as ''.
    fileprivate func replacingQuotes() -> String {
        var result = ""
        for c in self {
            if c == "'" { result += "''" } else { result.append(c) }
        }
        return result
    }
}
