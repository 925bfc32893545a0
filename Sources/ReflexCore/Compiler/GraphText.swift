/// Renders a program's data-flow graph (inputs -> vars -> rules -> outputs / notifiers) as DOT or Mermaid.
public enum GraphText {
    public enum Format: String, CaseIterable, Sendable {
        case dot
        case mermaid
    }

    public static func render(_ program: Program, as format: Format) -> String {
        switch format {
        case .dot: dot(program)
        case .mermaid: mermaid(program)
        }
    }

    static func id(_ node: RuleGraph.Node) -> String {
        switch node {
        case .signal(let s): "s\(s)"
        case .rule(let r): "r\(r)"
        case .notifier(let n): "n\(n)"
        }
    }

    static func ruleLabel(_ rule: Program.Rule) -> String {
        switch rule.trigger {
        case .level(_, let forDuration, let until):
            var parts = ["when"]
            if let forDuration { parts.append("for \(DurationText.format(forDuration))") }
            if until != nil { parts.append("until") }
            if rule.priority != 0 { parts.append("priority \(rule.priority)") }
            return parts.joined(separator: ", ")
        case .event(let triggers, let guardCondition):
            var parts = triggers.map { t -> String in
                switch t {
                case .signal(_, let edge): "on \(edge.rawValue)"
                case .every(let ms): "every \(DurationText.format(ms))"
                case .at(let ms): "at \(TimeOfDayText.format(ms))"
                case .startup: "startup"
                }
            }
            if guardCondition != nil { parts.append("if") }
            if rule.mode != .single { parts.append(rule.mode.rawValue) }
            return parts.joined(separator: ", ")
        }
    }

    static func signalLabel(_ program: Program, _ slot: Int) -> String {
        let s = program.signals[slot]
        var detail = s.type.rawValue
        if let input = program.inputs.first(where: { $0.slot == slot }) {
            switch input.source {
            case .gpio(let line): detail = "gpio \(line.chip.value):\(line.line.value)"
            case .mqtt(let topic): detail = "mqtt \(topic.value)"
            }
        } else if let output = program.outputs.first(where: { $0.slot == slot }) {
            switch output.target {
            case .gpio(let line): detail = "gpio \(line.chip.value):\(line.line.value)"
            case .mqtt(let topic): detail = "mqtt \(topic.value)"
            }
        }
        return "\(s.name)\\n\(detail)"
    }

    static func notifierLabel(_ n: Program.Notifier) -> String {
        switch n.kind {
        case .mqtt(let m): "\(n.name)\\nmqtt \(m.topic.value)"
        case .http: "\(n.name)\\nhttp"
        }
    }

    static func quote(_ s: String) -> String {
        "\"" + s.replacing("\"", with: "'") + "\""
    }

    static func dot(_ p: Program) -> String {
        var out = "digraph \(quote(p.site)) {\n"
        out += "  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=11];\n  edge [color=\"#555555\"];\n"
        let groups: [(String, String, SignalKind, String)] = [
            ("inputs", "inputs", .input, "shape=box, style=filled, fillcolor=\"#e3f2fd\""),
            ("vars", "vars", .variable, "shape=ellipse, style=filled, fillcolor=\"#f3e5f5\""),
            ("state", "state", .state, "shape=cylinder, style=filled, fillcolor=\"#fff8e1\""),
            ("outputs", "outputs", .output, "shape=box, style=filled, fillcolor=\"#e8f5e9\""),
        ]
        for (cluster, label, kind, style) in groups {
            let slots = p.signals.indices.filter { p.signals[$0].kind == kind }
            if slots.isEmpty { continue }
            out += "  subgraph cluster_\(cluster) {\n    label=\(quote(label));\n"
            for s in slots { out += "    s\(s) [label=\(quote(signalLabel(p, s))), \(style)];\n" }
            out += "  }\n"
        }
        if !p.rules.isEmpty {
            out += "  subgraph cluster_rules {\n    label=\"rules\";\n"
            for (i, r) in p.rules.enumerated() {
                out += "    r\(i) [label=\(quote("\(r.name)\\n\(ruleLabel(r))")), shape=box, style=\"rounded,filled\", fillcolor=\"#ffebee\"];\n"
            }
            out += "  }\n"
        }
        if !p.notifiers.isEmpty {
            out += "  subgraph cluster_notifiers {\n    label=\"notifiers\";\n"
            for (i, n) in p.notifiers.enumerated() {
                out += "    n\(i) [label=\(quote(notifierLabel(n))), shape=note, style=filled, fillcolor=\"#eceff1\"];\n"
            }
            out += "  }\n"
        }
        for e in p.graph.edges {
            out += "  \(id(e.from)) -> \(id(e.to))\(e.triggers ? "" : " [style=dashed]");\n"
        }
        return out + "}\n"
    }

    static func mermaid(_ p: Program) -> String {
        var out = "flowchart LR\n"
        func text(_ s: String) -> String { "\"" + s.replacing("\\n", with: "<br/>").replacing("\"", with: "'") + "\"" }
        let groups: [(String, SignalKind, (String) -> String)] = [
            ("inputs", .input, { "[/\($0)/]" }),
            ("vars", .variable, { "([\($0)])" }),
            ("state", .state, { "[(\($0))]" }),
            ("outputs", .output, { "[\\\($0)\\]" }),
        ]
        for (label, kind, shape) in groups {
            let slots = p.signals.indices.filter { p.signals[$0].kind == kind }
            if slots.isEmpty { continue }
            out += "  subgraph \(label)\n"
            for s in slots { out += "    s\(s)\(shape(text(signalLabel(p, s))))\n" }
            out += "  end\n"
        }
        if !p.rules.isEmpty {
            out += "  subgraph rules\n"
            for (i, r) in p.rules.enumerated() { out += "    r\(i)(\(text("\(r.name)\\n\(ruleLabel(r))")))\n" }
            out += "  end\n"
        }
        if !p.notifiers.isEmpty {
            out += "  subgraph notifiers\n"
            for (i, n) in p.notifiers.enumerated() { out += "    n\(i)>\(text(notifierLabel(n)))]\n" }
            out += "  end\n"
        }
        for e in p.graph.edges { out += "  \(id(e.from)) \(e.triggers ? "-->" : "-.->") \(id(e.to))\n" }
        return out
    }
}
