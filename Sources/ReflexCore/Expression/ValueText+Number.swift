extension ValueText {
    /// A number as JavaScript's `Number.prototype.toString` writes it: the shortest digits that read back as
    /// the same double, no trailing `.0`, `-0` as `0`, and exponent form only below 1e-6 or from 1e21
    /// (`1e-7`, `1.5e+21`). Not-finite values print as `NaN`, `Infinity` and `-Infinity`.
    public static func number(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        if d == 0 { return "0" }
        // Without an exponent the standard library's shortest round-trip text is already JavaScript's, but
        // for a trailing `.0` (`100.0`): the common case, without taking the digits apart.
        let text = d.description
        if !text.utf8.contains(UInt8(ascii: "e")) { return text.hasSuffix(".0") ? String(text.dropLast(2)) : text }
        return numberFromDigits(d)
    }

    /// `number` for a finite, non-zero value, placing the shortest digits by JavaScript's rules.
    static func numberFromDigits(_ d: Double) -> String {
        let (digits, exponent) = shortestDigits(d.magnitude)
        // The value is 0.DIGITS × 10^exponent; `k` digits, and `n` the position of the decimal point.
        let k = digits.count
        let n = exponent
        var out = d < 0 ? "-" : ""
        func append(_ range: Range<Int>) {
            for i in range { out.unicodeScalars.append(Unicode.Scalar(48 + digits[i])) }
        }
        if k <= n && n <= 21 {
            append(0..<k)
            out += String(repeating: "0", count: n - k)
        } else if 0 < n && n <= 21 {
            append(0..<n)
            out += "."
            append(n..<k)
        } else if -6 < n && n <= 0 {
            out += "0." + String(repeating: "0", count: -n)
            append(0..<k)
        } else {
            append(0..<1)
            if k > 1 {
                out += "."
                append(1..<k)
            }
            out += (n - 1 < 0 ? "e-" : "e+") + String((n - 1).magnitude)
        }
        return out
    }

    /// The shortest round-trip decimal digits of a positive finite double (no leading or trailing zeros) and
    /// the decimal exponent `n` such that the value is 0.DIGITS × 10^n.
    ///
    /// The standard library's `description` already prints the shortest round-trip digits; this reads them
    /// back from its text (forms such as `31.5`, `100.0`, `1e-07`, `1.2345678901234568e+20`).
    static func shortestDigits(_ d: Double) -> (digits: [UInt8], exponent: Int) {
        var digits: [UInt8] = []
        var pointAt: Int?
        var exponent = 0
        var exponentSign = 1
        var inExponent = false
        for byte in d.description.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if inExponent {
                    exponent = exponent * 10 + Int(byte - 48)
                } else {
                    digits.append(byte - 48)
                }
            case UInt8(ascii: "."):
                pointAt = digits.count
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                inExponent = true
            case UInt8(ascii: "-"):
                exponentSign = -1
            default:
                break
            }
        }
        var n = (pointAt ?? digits.count) + exponentSign * exponent
        var leading = 0
        while leading < digits.count - 1 && digits[leading] == 0 { leading += 1 }
        n -= leading
        var end = digits.count
        while end > leading + 1 && digits[end - 1] == 0 { end -= 1 }
        return (Array(digits[leading..<end]), n)
    }
}
