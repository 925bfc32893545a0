/// Type-checks a syntax tree and writes its flat code, reporting every error it can find without cascading.
///
/// Each `emit` leaves exactly one value on the (compile-time) stack, also after an error, so that checking
/// goes on. An operand whose type is nil had an error already reported: its users stay silent about it.
/// Parts that read nothing are evaluated at once and replaced by their constant.
struct ExpressionEmitter {
    /// What emitting a node gave: its type (nil after a reported error) and whether it reads nothing.
    struct Operand {
        var type: ValueType?
        var isPure: Bool

        static let poison = Operand(type: nil, isPure: false)
    }

    /// A window an expression reads, before it is registered in the program's `WindowTable`.
    struct WindowUse: Hashable {
        var spec: WindowSpec
        var function: WindowFunction
    }

    /// The attributes a signal name can be followed by.
    enum AttributeName: String, CaseIterable {
        case age
        case since
        case stale
        case previous
        case rise
        case fall
        case change
        case update

        var event: SignalEdge? {
            switch self {
            case .age, .since, .stale, .previous: nil
            case .rise: .rise
            case .fall: .fall
            case .change: .change
            case .update: .update
            }
        }
    }

    let signals: any SignalTable
    let site: String
    let locals: [LocalName]
    /// The offset of a bare name making up the whole expression where text is expected (`set: {mode: auto}`),
    /// to suggest quotes when it is unknown.
    var quoteHintOffset: Int?

    private(set) var code: [Instruction] = []
    private(set) var constants: [Value] = []
    private var constantIndex: [Value: Int32] = [:]
    private var depth = 0
    private(set) var maxDepth = 0
    private(set) var problems: [ExpressionProblem] = []
    var windowUses: [WindowUse] = []
    var windowUseIndex: [WindowUse: Int32] = [:]
    private(set) var reads = Set<Int>()
    private(set) var attributeReads = Set<ExpressionDependencies.AttributeRead>()
    private(set) var usesClock = false
    var timeRanges: [ExpressionDependencies.TimeRange] = []
    private(set) var localReads = Set<Int>()
    /// Unknown names reported at an offset: the problem's index, and whether "did you mean" named a string.
    private var unknownNames: [Int: (problem: Int, hasSuggestion: Bool)] = [:]
    private var closestNames: [String: String?] = [:]
    private var evaluator = ExpressionEvaluator()

    init(signals: any SignalTable, site: String, locals: [LocalName]) {
        self.signals = signals
        self.site = site
        self.locals = locals
    }

    var hasErrors: Bool { problems.contains { $0.severity == .error } }

    // MARK: - Writing code

    mutating func error(_ message: String, _ start: Int, _ end: Int) {
        problems.append(.error(message, start, end))
    }

    mutating func warning(_ message: String, _ start: Int, _ end: Int) {
        problems.append(.warning(message, start, end))
    }

    /// Appends an instruction that pops `pops` values and pushes `pushes`.
    mutating func append(_ instruction: Instruction, pops: Int = 0, pushes: Int = 1) {
        code.append(instruction)
        depth += pushes - pops
        maxDepth = Swift.max(maxDepth, depth)
    }

    mutating func pushConstant(_ value: Value) {
        let index: Int32
        if let known = constantIndex[value], constants[Int(known)].type == value.type {
            index = known
        } else {
            index = Int32(constants.count)
            constants.append(value)
            constantIndex[value] = index
        }
        append(.constant(index))
    }

    /// Replaces `pops` values on the stack by one placeholder after an error.
    mutating func placeholder(pops: Int) {
        if pops == 0 {
            pushConstant(.none)
        } else {
            append(.call(.minimum, argumentCount: Int32(pops)), pops: pops)
        }
    }

    /// Drops the code written since `start` (one value), for arguments read at compile time.
    mutating func discard(from start: Int) {
        code.removeSubrange(start...)
        depth -= 1
    }

    /// The constant the code since `start` computes, when it is one instruction pushing a constant.
    func constant(from start: Int) -> Value? {
        guard code.count - start == 1, case .constant(let index) = code[start] else { return nil }
        return constants[Int(index)]
    }

    /// Folds the code since `start` into one constant when the operand reads nothing.
    mutating func finish(_ start: Int, _ operand: Operand) -> Operand {
        guard operand.isPure, operand.type != nil, code.count - start > 1 else { return operand }
        evaluator.reserve(maxDepth)
        let value = evaluator.run(code, from: start, to: code.count, constants: constants, context: ConstantContext())
        discard(from: start)
        pushConstant(value)
        return operand
    }

    // MARK: - Nodes

    mutating func emit(_ node: SyntaxNode) -> Operand {
        switch node.kind {
        case .literal(let value):
            pushConstant(value)
            return Operand(type: value.type, isPure: true)
        case .invalid:
            pushConstant(.none)
            return .poison
        case .name(let name):
            return emitName(name, node)
        case .attribute(let base, let name, let dotStart):
            return emitAttribute(base: base, name: name, dotStart: dotStart, node)
        case .call(let name, let nameEnd, let arguments):
            return emitCall(name, nameEnd: nameEnd, arguments, node)
        case .negate(let operand):
            return emitNegation(operand, node)
        case .not(let operand):
            let start = code.count
            let result = emit(operand)
            if let type = result.type, type != .bool {
                error("'not' needs a bool operand, found \(type)", operand.start, operand.end)
            }
            append(.not, pops: 1)
            return finish(start, Operand(type: .bool, isPure: result.isPure && result.type == .bool))
        case .chain(let first, let links):
            switch links[0].op {
            case .and, .or: return emitLogical(first, links)
            case .plus, .minus, .times, .divide, .remainder: return emitArithmetic(first, links)
            }
        case .comparison(let lhs, let op, let opStart, let opEnd, let rhs):
            return emitComparison(lhs, op, opStart, opEnd, rhs)
        case .membership(let subject, _, _, let elements):
            return emitMembership(subject, elements)
        }
    }

    private mutating func emitNegation(_ operand: SyntaxNode, _ node: SyntaxNode) -> Operand {
        let start = code.count
        let result = emit(operand)
        guard let type = result.type else {
            placeholder(pops: 1)
            return .poison
        }
        guard type == .number || type == .duration else {
            error("'-' needs a number or a duration, found \(type)", node.start, node.start + 1)
            placeholder(pops: 1)
            return .poison
        }
        append(.negate, pops: 1)
        return finish(start, Operand(type: type, isPure: result.isPure))
    }

    private mutating func emitLogical(_ first: SyntaxNode, _ links: [SyntaxNode.Link]) -> Operand {
        let start = code.count
        let isAnd = links[0].op == .and
        let word = isAnd ? "and" : "or"
        var isPure = true
        func check(_ emitter: inout ExpressionEmitter, _ operand: Operand, _ node: SyntaxNode) {
            isPure = isPure && operand.isPure && operand.type == .bool
            if let type = operand.type, type != .bool {
                emitter.error("'\(word)' needs bool operands, found \(type)", node.start, node.end)
            }
        }
        check(&self, emit(first), first)
        var jumps: [Int] = []
        jumps.reserveCapacity(links.count)
        for link in links {
            jumps.append(code.count)
            append(isAnd ? .jumpUnlessTrue(offset: 0) : .jumpIfTrue(offset: 0), pops: 1, pushes: 0)
            check(&self, emit(link.operand), link.operand)
        }
        append(.truth, pops: 1)
        for jump in jumps {
            let offset = Int32(code.count - jump)
            code[jump] = isAnd ? .jumpUnlessTrue(offset: offset) : .jumpIfTrue(offset: offset)
        }
        return finish(start, Operand(type: .bool, isPure: isPure))
    }

    private mutating func emitArithmetic(_ first: SyntaxNode, _ links: [SyntaxNode.Link]) -> Operand {
        let start = code.count
        var result = emit(first)
        for link in links {
            let rhs = emit(link.operand)
            guard let a = result.type, let b = rhs.type else {
                placeholder(pops: 2)
                result = .poison
                continue
            }
            guard let (operation, type) = Self.arithmetic(link.op, a, b) else {
                error(Self.arithmeticMismatch(link.op, a, b), link.opStart, link.opEnd)
                placeholder(pops: 2)
                result = .poison
                continue
            }
            append(.arithmetic(operation), pops: 2)
            result = Operand(type: type, isPure: result.isPure && rhs.isPure)
        }
        return finish(start, result)
    }

    static func arithmetic(
        _ op: SyntaxNode.ChainOperator, _ a: ValueType, _ b: ValueType
    ) -> (ArithmeticOperation, ValueType)? {
        switch (op, a, b) {
        case (.plus, .number, .number): (.addNumbers, .number)
        case (.plus, .duration, .duration): (.addDurations, .duration)
        case (.minus, .number, .number): (.subtractNumbers, .number)
        case (.minus, .duration, .duration): (.subtractDurations, .duration)
        case (.times, .number, .number): (.multiplyNumbers, .number)
        case (.times, .duration, .number): (.multiplyDurationByNumber, .duration)
        case (.times, .number, .duration): (.multiplyNumberByDuration, .duration)
        case (.divide, .number, .number): (.divideNumbers, .number)
        case (.divide, .duration, .number): (.divideDurationByNumber, .duration)
        case (.divide, .duration, .duration): (.divideDurations, .number)
        case (.remainder, .number, .number): (.remainder, .number)
        default: nil
        }
    }

    static func arithmeticMismatch(_ op: SyntaxNode.ChainOperator, _ a: ValueType, _ b: ValueType) -> String {
        switch op {
        case .plus:
            if a == .string && b == .string { return "cannot add strings; '+' adds numbers or durations" }
            return "cannot add \(a) and \(b)"
        case .minus: return "cannot subtract \(b) from \(a)"
        case .times: return "cannot multiply \(a) by \(b)"
        case .divide: return "cannot divide \(a) by \(b)"
        case .remainder: return "'%' needs numbers, found \(a) and \(b)"
        case .and, .or: return "'\(op.spelling)' needs bool operands"
        }
    }

    private mutating func emitComparison(
        _ lhs: SyntaxNode, _ op: ComparisonOperator, _ opStart: Int, _ opEnd: Int, _ rhs: SyntaxNode
    ) -> Operand {
        let start = code.count
        let a = emit(lhs)
        let b = emit(rhs)
        var ok = a.type != nil && b.type != nil
        if b.type == .string { suggestQuotes(for: lhs) }
        if a.type == .string { suggestQuotes(for: rhs) }
        if let x = a.type, let y = b.type {
            if x != y {
                let hint = Self.literalHint(rhs, expected: x) + Self.literalHint(lhs, expected: y)
                error("cannot compare \(x) with \(y)" + hint, opStart, opEnd)
                ok = false
            } else if op.isOrdering && (x == .bool || x == .instant) {
                error("cannot order \(x) values with '\(op.spelling)'; use '==' or '!='", opStart, opEnd)
                ok = false
            }
        }
        checkWeekday(lhs, against: [rhs])
        checkWeekday(rhs, against: [lhs])
        append(.compare(op), pops: 2)
        return finish(start, Operand(type: .bool, isPure: ok && a.isPure && b.isPure))
    }

    private mutating func emitMembership(_ subject: SyntaxNode, _ elements: [SyntaxNode]) -> Operand {
        let start = code.count
        let a = emit(subject)
        var ok = a.type != nil
        var isPure = a.isPure
        for element in elements {
            let b = emit(element)
            isPure = isPure && b.isPure
            if a.type == .string { suggestQuotes(for: element) }
            if b.type == .string { suggestQuotes(for: subject) }
            guard let x = a.type, let y = b.type else {
                ok = false
                continue
            }
            if x != y {
                error(
                    "cannot compare \(x) with \(y)" + Self.literalHint(element, expected: x), element.start, element.end
                )
                ok = false
            }
        }
        checkWeekday(subject, against: elements)
        append(.member(count: Int32(elements.count)), pops: elements.count + 1)
        return finish(start, Operand(type: .bool, isPure: ok && isPure))
    }

    /// Warns where `weekday` is compared with a string it can never be.
    private mutating func checkWeekday(_ node: SyntaxNode, against others: [SyntaxNode]) {
        guard case .name("weekday") = node.kind, !locals.contains(where: { $0.name == "weekday" }) else { return }
        for other in others {
            if case .literal(.string(let text)) = other.kind, !CivilTime.weekdayNames.contains(text) {
                warning(
                    "weekday is one of \(CivilTime.weekdayNames.joined(separator: ", ")); '\(text)' never matches",
                    other.start, other.end)
            }
        }
    }

    // MARK: - Names

    mutating func emitName(_ name: String, _ node: SyntaxNode) -> Operand {
        if let index = locals.firstIndex(where: { $0.name == name }) {
            localReads.insert(index)
            append(.local(Int32(index)))
            return Operand(type: locals[index].type, isPure: false)
        }
        if let builtin = BuiltinName(rawValue: name) {
            switch builtin {
            case .now:
                usesClock = true
                append(.now)
            case .hour:
                usesClock = true
                append(.clock(.hour))
            case .minute:
                usesClock = true
                append(.clock(.minute))
            case .weekday:
                usesClock = true
                append(.clock(.weekday))
            case .site:
                pushConstant(.string(site))
                return Operand(type: .string, isPure: true)
            }
            return Operand(type: builtin.type, isPure: false)
        }
        if let signal = signals.signal(named: name) {
            reads.insert(signal.slot)
            append(.value(Int32(signal.slot)))
            return Operand(type: signal.type, isPure: false)
        }
        reportUnknownName(name, node.start, node.end)
        pushConstant(.none)
        return .poison
    }

    /// The closest known name to `name` for "did you mean" (locals, signals, builtins, then literal words),
    /// computed once per unknown name.
    mutating func closestName(to name: String) -> String? {
        if let known = closestNames[name] { return known }
        let candidates =
            locals.map(\.name) + signals.signalNames + BuiltinName.allCases.map(\.rawValue)
            + ["true", "false", "on", "off"]
        let match = Suggestion.closest(to: name, in: candidates)
        closestNames[name] = .some(match)
        return match
    }

    mutating func reportUnknownName(_ name: String, _ start: Int, _ end: Int) {
        if let function = FunctionName(rawValue: name) {
            error("'\(name)' is a function; call it like \(function.example)", start, end)
            return
        }
        if name == "none" || name == "null" || name == "nil" {
            error(
                "'\(name)' cannot be written in an expression; a comparison with a missing value is always false",
                start, end)
            return
        }
        let lowered = name.lowercased()
        if lowered != name, ["and", "or", "not", "in", "true", "false", "on", "off"].contains(lowered) {
            error("unknown name '\(name)'; write '\(lowered)' in lowercase", start, end)
            return
        }
        var message = "unknown signal '\(name)'"
        let match = closestName(to: name)
        if let match {
            message += "; did you mean '\(match)'?"
        } else if start == quoteHintOffset {
            message += Self.quoteHint(name)
        }
        // Next to text, a bare word was probably meant as text — unless a name one edit away (a likely typo)
        // or a text signal is close: then "did you mean" stays.
        let keepsSuggestion = match.map { m in
            Suggestion.distance(name, m) <= 1 || locals.first { $0.name == m }?.type == .string
                || signals.signal(named: m)?.type == .string || BuiltinName(rawValue: m)?.type == .string
        }
        unknownNames[start] = (problems.count, keepsSuggestion ?? false)
        error(message, start, end)
    }

    static func quoteHint(_ name: String) -> String {
        "; to write text, quote it: \"\(name)\""
    }

    /// Where an unknown bare name stands next to text, it was most likely meant as text: say how to quote it
    /// (unless "did you mean" proposes a likely typo or a text signal).
    mutating func suggestQuotes(for node: SyntaxNode) {
        guard case .name(let name) = node.kind, let entry = unknownNames[node.start], !entry.hasSuggestion else {
            return
        }
        problems[entry.problem].message = "unknown signal '\(name)'" + Self.quoteHint(name)
    }

    /// A hint for a literal written where a value of type `expected` was needed: `'on'` for a bool, `5` for a
    /// duration, `'22:00'` for a time of day.
    static func literalHint(_ node: SyntaxNode, expected: ValueType) -> String {
        switch node.kind {
        case .literal(.string(let text)):
            let fits: Bool
            switch expected {
            case .bool: fits = ["on", "off", "true", "false"].contains(text)
            case .number: fits = Double(text)?.isFinite == true
            case .duration: fits = (try? DurationText.parse(text).get()) != nil
            case .timeOfDay: fits = TimeOfDayText.parse(text) != nil
            case .string, .instant: fits = false
            }
            return fits ? "; write \(text) without quotes" : ""
        case .literal(.number(let number)):
            let text = ValueText.number(number)
            switch expected {
            case .duration where number >= 0 && number == number.rounded():
                return "; give \(text) a unit, such as \(text)s or \(text)m"
            case .bool where number == 0 || number == 1:
                return "; write \(number == 1 ? "on" : "off") instead of \(text)"
            default:
                return ""
            }
        default:
            return ""
        }
    }

    /// The signal a name before an attribute stands for; reports why not when it is none.
    mutating func signalBeforeAttribute(_ base: SyntaxNode, _ attribute: String, dotStart: Int, end: Int)
        -> SignalInfo?
    {
        guard case .name(let name) = base.kind else {
            error("'.\(attribute)' needs a signal name before it, such as temp.\(attribute)", dotStart, end)
            return nil
        }
        if locals.contains(where: { $0.name == name }) || BuiltinName(rawValue: name) != nil {
            error("'\(name)' is not a signal; '.\(attribute)' can only follow a signal name", base.start, base.end)
            return nil
        }
        guard let signal = signals.signal(named: name) else {
            reportUnknownName(name, base.start, base.end)
            return nil
        }
        return signal
    }

    /// The attribute named `name`, or nil after reporting it unknown.
    mutating func attributeName(_ name: String, dotStart: Int, end: Int) -> AttributeName? {
        if let attribute = AttributeName(rawValue: name) { return attribute }
        var message = "unknown attribute '.\(name)'"
        if let match = Suggestion.closest(to: name, in: AttributeName.allCases.map(\.rawValue)) {
            message += "; did you mean '.\(match)'?"
        } else {
            message += "; a signal has .age, .since, .stale and .previous"
        }
        error(message, dotStart, end)
        return nil
    }

    private mutating func emitAttribute(base: SyntaxNode, name: String, dotStart: Int, _ node: SyntaxNode)
        -> Operand
    {
        guard let attribute = attributeName(name, dotStart: dotStart, end: node.end) else {
            pushConstant(.none)
            return .poison
        }
        if let event = attribute.event {
            error("`.\(event.rawValue)` is an event; use it in `on:` or in count(...)", dotStart, node.end)
            pushConstant(.none)
            return .poison
        }
        guard let signal = signalBeforeAttribute(base, name, dotStart: dotStart, end: node.end) else {
            pushConstant(.none)
            return .poison
        }
        let slot = Int32(signal.slot)
        switch attribute {
        case .age:
            attributeReads.insert(.init(slot: signal.slot, attribute: .age))
            append(.age(slot))
            return Operand(type: .duration, isPure: false)
        case .since:
            attributeReads.insert(.init(slot: signal.slot, attribute: .since))
            append(.since(slot))
            return Operand(type: .duration, isPure: false)
        case .stale:
            if signal.staleLimit == nil {
                error("'\(signal.name)' has no `stale:` limit", dotStart, node.end)
            }
            attributeReads.insert(.init(slot: signal.slot, attribute: .stale))
            append(.stale(slot))
            return Operand(type: .bool, isPure: false)
        case .previous:
            reads.insert(signal.slot)
            append(.previous(slot))
            return Operand(type: signal.type, isPure: false)
        case .rise, .fall, .change, .update:
            pushConstant(.none)
            return .poison
        }
    }
}
