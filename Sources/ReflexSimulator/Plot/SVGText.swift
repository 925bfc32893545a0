/// SVG text built line by line, with fixed number formatting and XML escaping so equal input gives equal bytes.
struct SVGText {
    private(set) var text = ""

    /// Appends one line, indented by `depth` levels of two spaces.
    mutating func line(_ content: String, depth: Int = 1) {
        text += String(repeating: "  ", count: depth) + content + "\n"
    }

    /// Appends what `other` holds.
    mutating func append(_ other: SVGText) {
        text += other.text
    }

    /// Appends a `<text>` element; `content` is escaped here.
    mutating func label(
        _ content: String, x: Double, y: Double, size: Double = 12, anchor: String = "start",
        fill: String = "#222222", weight: String? = nil, depth: Int = 1
    ) {
        var attributes = "x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" font-size=\"\(Self.number(size))\""
        if anchor != "start" { attributes += " text-anchor=\"\(anchor)\"" }
        if fill != "#222222" { attributes += " fill=\"\(fill)\"" }
        if let weight { attributes += " font-weight=\"\(weight)\"" }
        line("<text \(attributes)>\(Self.escape(content))</text>", depth: depth)
    }

    /// A coordinate rounded to tenths, without a trailing `.0` and never `-0`: `12`, `12.5`, `-3.2`.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let tenths = (value * 10).rounded()
        guard tenths.magnitude < 1e15 else { return tenths < 0 ? "-100000000000000" : "100000000000000" }
        let whole = Int64(tenths)
        if whole == 0 { return "0" }
        let magnitude = whole.magnitude
        var out = whole < 0 ? "-" : ""
        out += String(magnitude / 10)
        if magnitude % 10 != 0 { out += "." + String(magnitude % 10) }
        return out
    }

    /// Text safe inside an element or a quoted attribute: `& < > " '` as entities, characters XML 1.0 forbids
    /// as U+FFFD.
    static func escape(_ raw: String) -> String {
        var out = ""
        out.reserveCapacity(raw.utf8.count)
        for scalar in raw.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out += " "
            default:
                let v = scalar.value
                if v < 0x20 || v == 0xFFFE || v == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// `raw` cut to about `width` pixels of `size`-point text, ending in `…` when cut (estimated widths).
    static func fit(_ raw: String, width: Double, size: Double) -> String {
        let limit = max(1, Int(width / (size * 0.6)))
        if raw.count <= limit { return raw }
        return String(raw.prefix(max(0, limit - 1))) + "…"
    }

    /// Estimated width in pixels of `raw` at `size`.
    static func width(_ raw: String, size: Double) -> Double {
        Double(raw.count) * size * 0.6
    }
}
