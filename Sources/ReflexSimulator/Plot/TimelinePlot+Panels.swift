/// Numeric panels: one per unit, step lines over a value axis, with the series named above.
extension TimelinePlot {
    static func drawPanel(
        _ group: (unit: String?, members: [Int]), of timeline: Timeline, end: Int64, axis: TimeAxis, top: Double,
        into svg: inout SVGText
    ) {
        let n = SVGText.number
        let bottom = top + panelHeight
        let runs = group.members.map { index in
            StepRun.runs(
                timeline.numeric[index].points.map { point in
                    Timeline.Point(t: point.t, value: point.value.flatMap { $0.isFinite ? $0 : nil })
                }, start: timeline.start, end: end)
        }
        let values = runs.flatMap { $0.compactMap(\.value) }
        let scale = ValueAxis(values: values, top: top + 6, bottom: bottom - 6)

        svg.line("<g class=\"panel\">")
        svg.line(
            "<rect x=\"\(n(axis.left))\" y=\"\(n(top))\" width=\"\(n(axis.right - axis.left))\" "
                + "height=\"\(n(panelHeight))\" fill=\"none\" stroke=\"#CCCCCC\"/>", depth: 2)
        for tick in scale.ticks {
            let y = scale.y(tick.value)
            svg.line(
                "<line x1=\"\(n(axis.left))\" y1=\"\(n(y))\" x2=\"\(n(axis.right))\" y2=\"\(n(y))\" "
                    + "stroke=\"\(PlotPalette.grid)\" stroke-dasharray=\"2 3\"/>", depth: 2)
            svg.line(
                "<line x1=\"\(n(axis.left - 4))\" y1=\"\(n(y))\" x2=\"\(n(axis.left))\" y2=\"\(n(y))\" "
                    + "stroke=\"\(PlotPalette.axis)\"/>", depth: 2)
            svg.label(
                SVGText.fit(tick.label, width: 70, size: 11), x: axis.left - 7, y: y + 4, size: 11, anchor: "end",
                depth: 2)
        }
        if let unit = group.unit {
            svg.label(
                SVGText.fit(unit, width: leftMargin - 40, size: 12), x: axis.left - 7, y: top - 6, size: 12,
                anchor: "end", fill: PlotPalette.muted, weight: "bold", depth: 2)
        }
        if values.isEmpty {
            svg.label(
                "no value in this run", x: (axis.left + axis.right) / 2, y: (top + bottom) / 2 + 4, size: 12,
                anchor: "middle", fill: PlotPalette.muted, depth: 2)
        }
        drawSeriesNames(group.members, runs: runs, of: timeline, axis: axis, y: top - 6, into: &svg)
        svg.line(
            "<g clip-path=\"url(#plot-area)\" fill=\"none\" stroke-width=\"2\" stroke-linejoin=\"round\">", depth: 2)
        for (slot, index) in group.members.enumerated() {
            drawSteps(
                runs[slot], name: timeline.numeric[index].name, colour: PlotPalette.line(index), axis: axis,
                scale: scale, into: &svg)
        }
        svg.line("</g>", depth: 2)
        svg.line("</g>")
    }

    /// The panel's series, left to right above it: a line swatch and the name, cut to fit.
    private static func drawSeriesNames(
        _ members: [Int], runs: [[StepRun<Double>]], of timeline: Timeline, axis: TimeAxis, y: Double,
        into svg: inout SVGText
    ) {
        let n = SVGText.number
        var x = axis.left
        for (slot, index) in members.enumerated() {
            let empty = runs[slot].allSatisfy { $0.value == nil }
            let name = SVGText.fit(timeline.numeric[index].name, width: 220, size: 12) + (empty ? " (no value)" : "")
            let room = axis.right - x
            if room < 90 {
                svg.label("+\(members.count - slot) more", x: x, y: y, size: 12, fill: PlotPalette.muted, depth: 2)
                break
            }
            svg.line(
                "<line x1=\"\(n(x))\" y1=\"\(n(y - 4))\" x2=\"\(n(x + 16))\" y2=\"\(n(y - 4))\" "
                    + "stroke=\"\(PlotPalette.line(index))\" stroke-width=\"3\"/>", depth: 2)
            let shown = SVGText.fit(name, width: room - 24, size: 12)
            svg.label(shown, x: x + 21, y: y, size: 12, fill: empty ? PlotPalette.muted : PlotPalette.text, depth: 2)
            x += 21 + SVGText.width(shown, size: 12) + 18
        }
    }

    /// One series as a step path (broken where there is no value) plus a dot for each value too short to see.
    private static func drawSteps(
        _ runs: [StepRun<Double>], name: String, colour: String, axis: TimeAxis, scale: ValueAxis,
        into svg: inout SVGText
    ) {
        let n = SVGText.number
        var path = ""
        var penDown = false
        var dots: [(Double, Double)] = []
        for (i, run) in runs.enumerated() {
            guard let value = run.value else {
                penDown = false
                continue
            }
            let x1 = axis.x(run.from)
            let x2 = axis.x(run.to)
            let y = scale.y(value)
            path += penDown ? "V\(n(y))H\(n(x2))" : "M\(n(x1)) \(n(y))H\(n(x2))"
            penDown = true
            let alone = (i == 0 || runs[i - 1].value == nil) && (i + 1 == runs.count || runs[i + 1].value == nil)
            if alone && x2 - x1 < 3 { dots.append((x1, y)) }
        }
        guard !path.isEmpty else { return }
        svg.line("<path d=\"\(path)\" stroke=\"\(colour)\"><title>\(SVGText.escape(name))</title></path>", depth: 3)
        for (x, y) in dots {
            svg.line("<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"3\" fill=\"\(colour)\" stroke=\"none\"/>", depth: 3)
        }
    }
}
