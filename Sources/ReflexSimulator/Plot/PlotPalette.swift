/// The colours of the timeline picture: Okabe–Ito hues, which stay distinct under the common colour blindnesses.
enum PlotPalette {
    /// Line colours for numeric series, in order of use (yellow is left out: too faint on white).
    static let lines = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]

    static func line(_ index: Int) -> String { lines[index % lines.count] }

    static let bandOn = "#0072B2"
    static let bandOff = "#EEF1F4"
    static let noneStroke = "#AAAAAA"
    static let rule = "#009E73"
    static let notification = "#D55E00"
    static let log = "#666666"
    static let grid = "#E2E2E2"
    static let axis = "#888888"
    static let text = "#222222"
    static let muted = "#666666"
    static let outside = "#F4F4F4"
}
