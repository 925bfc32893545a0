import ReflexCore

/// The event lane: a symbol per marker with its label as a tooltip and, where it fits, as short text below.
extension TimelinePlot {
    static func drawMarkers(
        _ timeline: Timeline, axis: TimeAxis, top: Double, guideTop: Double, into svg: inout SVGText
    ) {
        let n = SVGText.number
        let centre = top + 10
        let ordered = timeline.markers.enumerated()
            .filter { axis.lower <= $0.element.t && $0.element.t <= axis.upper }
            .sorted { ($0.element.t, $0.offset) < ($1.element.t, $1.offset) }
        svg.line("<g id=\"events\">")
        svg.label("events", x: axis.left - 8, y: centre + 4, size: 12, anchor: "end", fill: PlotPalette.muted, depth: 2)
        svg.line(
            "<line x1=\"\(n(axis.left))\" y1=\"\(n(centre))\" x2=\"\(n(axis.right))\" y2=\"\(n(centre))\" "
                + "stroke=\"\(PlotPalette.grid)\"/>", depth: 2)
        for (_, marker) in ordered where marker.kind != .log {
            let x = n(axis.x(marker.t))
            svg.line(
                "<line x1=\"\(x)\" y1=\"\(n(guideTop))\" x2=\"\(x)\" y2=\"\(n(centre - 7))\" "
                    + "stroke=\"\(colour(marker.kind))\" stroke-opacity=\"0.45\" stroke-dasharray=\"3 3\"/>", depth: 2)
        }
        var rowEnds = [-Double.infinity, -Double.infinity]
        for (_, marker) in ordered {
            let x = axis.x(marker.t)
            let stamp = TimeAxis.split(ValueText.instant(marker.t, utcOffset: timeline.utcOffset(at: marker.t)))
            let tip = kindName(marker.kind) + " at " + stamp.clock.prefix(8) + ": " + marker.label
            svg.line("<g>", depth: 2)
            svg.line("<title>\(SVGText.escape(tip))</title>", depth: 3)
            svg.line(symbol(marker.kind, x: x, y: centre), depth: 3)
            let short = SVGText.fit(marker.label, width: 140, size: 10)
            let width = SVGText.width(short, size: 10)
            let textX = min(max(x, axis.left + width / 2), axis.right - width / 2)
            if let row = rowEnds.indices.first(where: { rowEnds[$0] + 6 <= textX - width / 2 }) {
                rowEnds[row] = textX + width / 2
                svg.label(
                    short, x: textX, y: centre + 21 + 12 * Double(row), size: 10, anchor: "middle",
                    fill: PlotPalette.text, depth: 3)
            }
            svg.line("</g>", depth: 2)
        }
        svg.line("</g>")
    }

    static func colour(_ kind: Timeline.Marker.Kind) -> String {
        switch kind {
        case .ruleActivated, .ruleReleased: PlotPalette.rule
        case .notification: PlotPalette.notification
        case .log: PlotPalette.log
        }
    }

    static func kindName(_ kind: Timeline.Marker.Kind) -> String {
        switch kind {
        case .ruleActivated: "rule activated"
        case .ruleReleased: "rule released"
        case .notification: "notification"
        case .log: "log"
        }
    }

    /// The marker's shape centred on (x, y): ▲ activated, ▽ released, an envelope for a notification, a dot for
    /// a log.
    static func symbol(_ kind: Timeline.Marker.Kind, x: Double, y: Double) -> String {
        let n = SVGText.number
        let c = colour(kind)
        switch kind {
        case .ruleActivated:
            return "<path d=\"M\(n(x - 6)) \(n(y + 5))H\(n(x + 6))L\(n(x)) \(n(y - 6))Z\" fill=\"\(c)\"/>"
        case .ruleReleased:
            return "<path d=\"M\(n(x - 6)) \(n(y - 5))H\(n(x + 6))L\(n(x)) \(n(y + 6))Z\" fill=\"#FFFFFF\" "
                + "stroke=\"\(c)\" stroke-width=\"1.6\"/>"
        case .notification:
            return "<path d=\"M\(n(x - 7)) \(n(y - 5))H\(n(x + 7))V\(n(y + 5))H\(n(x - 7))Z\" fill=\"\(c)\"/>"
                + "<path d=\"M\(n(x - 7)) \(n(y - 5))L\(n(x)) \(n(y + 1))L\(n(x + 7)) \(n(y - 5))\" fill=\"none\" "
                + "stroke=\"#FFFFFF\" stroke-width=\"1.2\"/>"
        case .log:
            return "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"3.5\" fill=\"\(c)\"/>"
        }
    }
}
