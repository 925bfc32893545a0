/// On/off bands: one row per bool series, filled where on, pale where off, hatched where there is no value.
extension TimelinePlot {
    static func drawBand(
        _ series: Timeline.BoolSeries, start: Int64, end: Int64, axis: TimeAxis, top: Double, into svg: inout SVGText
    ) {
        let n = SVGText.number
        let runs = StepRun.runs(series.points, start: start, end: end)
        svg.line("<g class=\"band\">")
        svg.line("<title>\(SVGText.escape(series.name))</title>", depth: 2)
        svg.label(
            SVGText.fit(series.name, width: leftMargin - 24, size: 12), x: axis.left - 8, y: top + 14, size: 12,
            anchor: "end", depth: 2)
        svg.line(
            "<rect x=\"\(n(axis.left))\" y=\"\(n(top))\" width=\"\(n(axis.right - axis.left))\" "
                + "height=\"\(n(bandHeight))\" fill=\"#FFFFFF\" stroke=\"#D6D6D6\"/>", depth: 2)
        let runLeft = axis.x(start)
        svg.line(
            "<rect x=\"\(n(runLeft))\" y=\"\(n(top))\" width=\"\(n(end > start ? axis.x(end) - runLeft : 3))\" "
                + "height=\"\(n(bandHeight))\" fill=\"\(PlotPalette.bandOff)\"/>", depth: 2)
        for run in runs where run.value != false {
            let x1 = axis.x(run.from)
            let drawn = axis.x(run.to) - x1
            let width = run.to > run.from ? max(drawn, 1) : 3
            let fill = run.value == true ? PlotPalette.bandOn : "url(#no-value)"
            svg.line(
                "<rect x=\"\(n(x1))\" y=\"\(n(top))\" width=\"\(n(width))\" height=\"\(n(bandHeight))\" "
                    + "fill=\"\(fill)\"/>", depth: 2)
        }
        svg.line("</g>")
    }
}
