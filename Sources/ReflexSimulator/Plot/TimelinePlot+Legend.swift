/// The key below the axis: what band fills and event symbols mean, for those the picture uses.
extension TimelinePlot {
    /// Draws the key from `top` and returns the picture's total height.
    static func drawLegend(
        _ timeline: Timeline, left: Double, right: Double, top: Double, into svg: inout SVGText
    ) -> Double {
        let n = SVGText.number
        var items: [(swatch: (Double, Double) -> String, text: String)] = []
        if !timeline.bools.isEmpty {
            func box(_ fill: String) -> (Double, Double) -> String {
                { x, y in
                    "<rect x=\"\(n(x))\" y=\"\(n(y - 6))\" width=\"14\" height=\"12\" fill=\"\(fill)\" "
                        + "stroke=\"#BBBBBB\" stroke-width=\"0.5\"/>"
                }
            }
            items.append((box(PlotPalette.bandOn), "on"))
            items.append((box(PlotPalette.bandOff), "off"))
            items.append((box("url(#no-value)"), "no value"))
        }
        let kinds: [Timeline.Marker.Kind] = [.ruleActivated, .ruleReleased, .notification, .log]
        for kind in kinds where timeline.markers.contains(where: { $0.kind == kind }) {
            items.append(({ x, y in symbol(kind, x: x + 7, y: y) }, kindName(kind)))
        }
        guard !items.isEmpty else { return top }
        svg.line("<g id=\"legend\">")
        var x = left
        var y = top
        for item in items {
            let width = 20 + SVGText.width(item.text, size: 11) + 18
            if x + width > right && x > left {
                x = left
                y += 20
            }
            svg.line(item.swatch(x, y), depth: 2)
            svg.label(item.text, x: x + 20, y: y + 4, size: 11, fill: PlotPalette.text, depth: 2)
            x += width
        }
        svg.line("</g>")
        return y + 18
    }
}
