import ReflexCore

/// Draws a `Timeline` as an SVG 1.1 picture: numeric panels, on/off bands, an event lane and a wall clock axis.
public enum TimelinePlot {
    static let contentTop = 72.0
    static let leftMargin = 170.0
    static let rightMargin = 40.0
    static let panelHeight = 140.0
    static let panelHeader = 20.0
    static let panelGap = 14.0
    static let bandHeight = 20.0
    static let bandGap = 6.0
    static let laneHeight = 46.0

    /// The picture as SVG text; equal timelines give equal bytes. `width` is in pixels (at least 480).
    public static func svg(_ timeline: Timeline, width: Int = 1200) -> String {
        let width = Double(max(width, 480))
        let left = leftMargin
        let right = width - rightMargin
        let end = max(timeline.start, timeline.end)
        let axis = TimeAxis(start: timeline.start, end: end, left: left, right: right)
        let groups = unitGroups(timeline.numeric)

        var y = contentTop
        var body = SVGText()
        for group in groups {
            y += panelHeader
            drawPanel(group, of: timeline, end: end, axis: axis, top: y, into: &body)
            y += panelHeight + panelGap
        }
        if !timeline.bools.isEmpty {
            for series in timeline.bools {
                drawBand(series, start: timeline.start, end: end, axis: axis, top: y, into: &body)
                y += bandHeight + bandGap
            }
            y += panelGap - bandGap
        }
        let laneTop = y
        if !timeline.markers.isEmpty {
            y += laneHeight
        }
        if groups.isEmpty && timeline.bools.isEmpty && timeline.markers.isEmpty {
            body.label(
                "no data recorded", x: (left + right) / 2, y: y + 34, size: 13, anchor: "middle",
                fill: PlotPalette.muted)
            y += 60
        }
        let axisY = y
        let offset = { (t: Int64) in timeline.utcOffset(at: t) }
        let startDate = TimeAxis.split(ValueText.instant(timeline.start, utcOffset: offset(timeline.start))).date
        let ticks = axis.ticks(spacing: 84, offset: offset, startDate: startDate)
        var legend = SVGText()
        let height = drawLegend(timeline, left: left, right: right, top: axisY + 50, into: &legend)

        var svg = SVGText()
        svg.line("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", depth: 0)
        svg.line(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(SVGText.number(width))\" "
                + "height=\"\(SVGText.number(height))\" viewBox=\"0 0 \(SVGText.number(width)) "
                + "\(SVGText.number(height))\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">",
            depth: 0)
        drawDefinitions(left: left, right: right, height: height, into: &svg)
        svg.line("<rect width=\"100%\" height=\"100%\" fill=\"#FFFFFF\"/>")
        drawHeading(timeline, width: width, into: &svg)
        drawBackground(
            axis: axis, start: timeline.start, end: end, top: contentTop, bottom: axisY, ticks: ticks, into: &svg)
        svg.line("<g id=\"series\">")
        svg.append(body)
        svg.line("</g>")
        if !timeline.markers.isEmpty {
            drawMarkers(timeline, axis: axis, top: laneTop, guideTop: contentTop, into: &svg)
        }
        drawTimeAxis(ticks, axis: axis, y: axisY, into: &svg)
        svg.append(legend)
        svg.line("</svg>", depth: 0)
        return svg.text
    }

    /// Numeric series grouped by unit, in order of first appearance (series without a unit share a group).
    static func unitGroups(_ series: [Timeline.NumericSeries]) -> [(unit: String?, members: [Int])] {
        var groups: [(unit: String?, members: [Int])] = []
        for (index, item) in series.enumerated() {
            if let at = groups.firstIndex(where: { $0.unit == item.unit }) {
                groups[at].members.append(index)
            } else {
                groups.append((item.unit, [index]))
            }
        }
        return groups
    }

    private static func drawDefinitions(left: Double, right: Double, height: Double, into svg: inout SVGText) {
        svg.line("<defs>")
        svg.line(
            "<pattern id=\"no-value\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
                + "patternTransform=\"rotate(45)\">", depth: 2)
        svg.line("<rect width=\"6\" height=\"6\" fill=\"#F7F7F7\"/>", depth: 3)
        svg.line(
            "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"\(PlotPalette.noneStroke)\" stroke-width=\"2\"/>",
            depth: 3)
        svg.line("</pattern>", depth: 2)
        svg.line("<clipPath id=\"plot-area\">", depth: 2)
        svg.line(
            "<rect x=\"\(SVGText.number(left - 2))\" y=\"0\" width=\"\(SVGText.number(right - left + 4))\" "
                + "height=\"\(SVGText.number(height))\"/>", depth: 3)
        svg.line("</clipPath>", depth: 2)
        svg.line("</defs>")
    }

    private static func drawHeading(_ timeline: Timeline, width: Double, into svg: inout SVGText) {
        svg.label(
            SVGText.fit(timeline.title, width: width - 48, size: 18), x: 24, y: 32, size: 18, weight: "bold")
        let end = max(timeline.start, timeline.end)
        let first = TimeAxis.split(ValueText.instant(timeline.start, utcOffset: timeline.utcOffset(at: timeline.start)))
        let last = TimeAxis.split(ValueText.instant(end, utcOffset: timeline.utcOffset(at: end)))
        var text = first.date + " " + first.clock.prefix(8)
        if end > timeline.start {
            text += " – " + (last.date != first.date ? last.date + " " : "") + last.clock.prefix(8)
        }
        text += "  (" + utcText(timeline.utcOffset(at: timeline.start)) + ", "
        let (span, overflow) = end.subtractingReportingOverflow(timeline.start)
        text += span == 0 ? "a single instant)" : overflow ? "span too long)" : DurationText.format(span) + ")"
        svg.label(text, x: 24, y: 52, size: 12, fill: PlotPalette.muted)
    }

    /// `UTC`, `UTC+02:00`, `UTC-03:30`.
    static func utcText(_ seconds: Int) -> String {
        if seconds == 0 { return "UTC" }
        let magnitude = seconds.magnitude
        let hours = magnitude / 3600
        let minutes = magnitude / 60 % 60
        return "UTC" + (seconds < 0 ? "-" : "+") + (hours < 10 ? "0" : "") + String(hours) + ":"
            + (minutes < 10 ? "0" : "") + String(minutes)
    }

    private static func drawBackground(
        axis: TimeAxis, start: Int64, end: Int64, top: Double, bottom: Double, ticks: [TimeAxis.Tick],
        into svg: inout SVGText
    ) {
        svg.line("<g id=\"grid\">")
        let n = SVGText.number
        let runLeft = axis.x(start)
        let runRight = axis.x(end)
        if runLeft > axis.left {
            svg.line(
                "<rect x=\"\(n(axis.left))\" y=\"\(n(top))\" width=\"\(n(runLeft - axis.left))\" "
                    + "height=\"\(n(bottom - top))\" fill=\"\(PlotPalette.outside)\"/>", depth: 2)
        }
        if runRight < axis.right {
            svg.line(
                "<rect x=\"\(n(runRight))\" y=\"\(n(top))\" width=\"\(n(axis.right - runRight))\" "
                    + "height=\"\(n(bottom - top))\" fill=\"\(PlotPalette.outside)\"/>", depth: 2)
        }
        for tick in ticks {
            let x = n(axis.x(tick.t))
            svg.line(
                "<line x1=\"\(x)\" y1=\"\(n(top))\" x2=\"\(x)\" y2=\"\(n(bottom))\" stroke=\"\(PlotPalette.grid)\"/>",
                depth: 2)
        }
        svg.line("</g>")
    }

    private static func drawTimeAxis(_ ticks: [TimeAxis.Tick], axis: TimeAxis, y: Double, into svg: inout SVGText) {
        let n = SVGText.number
        svg.line("<g id=\"time-axis\">")
        svg.line(
            "<line x1=\"\(n(axis.left))\" y1=\"\(n(y))\" x2=\"\(n(axis.right))\" y2=\"\(n(y))\" "
                + "stroke=\"\(PlotPalette.axis)\"/>", depth: 2)
        for tick in ticks {
            let x = axis.x(tick.t)
            svg.line(
                "<line x1=\"\(n(x))\" y1=\"\(n(y))\" x2=\"\(n(x))\" y2=\"\(n(y + 5))\" "
                    + "stroke=\"\(PlotPalette.axis)\"/>",
                depth: 2)
            svg.label(tick.label, x: x, y: y + 18, size: 11, anchor: "middle", fill: PlotPalette.text, depth: 2)
            if let date = tick.date {
                svg.label(date, x: x, y: y + 31, size: 10, anchor: "middle", fill: PlotPalette.muted, depth: 2)
            }
        }
        svg.line("</g>")
    }
}
