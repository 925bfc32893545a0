extension ExpressionEmitter {
    mutating func emitCall(_ name: String, nameEnd: Int, _ arguments: [SyntaxNode], _ node: SyntaxNode) -> Operand {
        let nameStart = node.start
        guard let function = FunctionName(rawValue: name) else {
            if locals.contains(where: { $0.name == name }) || signals.signal(named: name) != nil {
                error("'\(name)' is a signal, not a function", nameStart, nameEnd)
            } else if BuiltinName(rawValue: name) != nil {
                error("'\(name)' is not a function; write it without parentheses", nameStart, nameEnd)
            } else {
                let names = FunctionName.allCases.map(\.rawValue)
                error("unknown function '\(name)'" + Suggestion.didYouMean(name, in: names), nameStart, nameEnd)
            }
            return rejectCall(arguments)
        }
        let start = code.count
        let call = Call(function: function, nameStart: nameStart, nameEnd: nameEnd, node: node)
        switch function {
        case .abs:
            guard arity(call, arguments, 1...1) else { return rejectCall(arguments) }
            let x = emit(arguments[0])
            let type = numeric(call, [(x, arguments[0])])
            return apply(.abs, start, [x], type)
        case .floor, .ceil:
            guard arity(call, arguments, 1...1) else { return rejectCall(arguments) }
            let x = emit(arguments[0])
            let type = numbers(call, [(x, arguments[0])])
            return apply(function == .floor ? .floor : .ceil, start, [x], type)
        case .round:
            guard arity(call, arguments, 1...2) else { return rejectCall(arguments) }
            let operands = arguments.map { emit($0) }
            let type = numbers(call, Array(zip(operands, arguments)))
            return apply(.round, start, operands, type)
        case .clamp:
            guard arity(call, arguments, 3...3) else { return rejectCall(arguments) }
            let operands = arguments.map { emit($0) }
            let type = numeric(call, Array(zip(operands, arguments)))
            return apply(.clamp, start, operands, type)
        case .min, .max:
            return emitExtreme(call, arguments, start)
        case .avg, .delta, .rate:
            guard arguments.count == 2 else {
                let got = arguments.count
                error(
                    "\(name) takes 2 arguments, a signal and a window such as \(function.example); got \(got)",
                    nameStart, nameEnd)
                return rejectCall(arguments)
            }
            let windowFunction: WindowFunction = function == .avg ? .average : function == .delta ? .delta : .rate
            return emitSampleWindow(call, windowFunction, arguments)
        case .count:
            return emitCount(call, arguments)
        case .timeBetween:
            return emitTimeBetween(call, arguments)
        case .json:
            guard arity(call, arguments, 1...1) else { return rejectCall(arguments) }
            let x = emit(arguments[0])
            return apply(.json, start, [x], x.type == nil ? nil : .string)
        }
    }

    /// A call being checked: which function, and where its name is written.
    struct Call {
        var function: FunctionName
        var nameStart: Int
        var nameEnd: Int
        var node: SyntaxNode

        var name: String { function.rawValue }
    }

    /// Checks the arguments of a call that cannot be compiled, for their own errors, then leaves a placeholder.
    private mutating func rejectCall(_ arguments: [SyntaxNode]) -> Operand {
        for argument in arguments { _ = emit(argument) }
        placeholder(pops: arguments.count)
        return .poison
    }

    private mutating func arity(_ call: Call, _ arguments: [SyntaxNode], _ allowed: ClosedRange<Int>) -> Bool {
        guard !allowed.contains(arguments.count) else { return true }
        let count: String
        if allowed.count == 1 {
            count = allowed.lowerBound == 1 ? "1 argument" : "\(allowed.lowerBound) arguments"
        } else {
            count = "\(allowed.lowerBound) or \(allowed.upperBound) arguments"
        }
        error("\(call.name) takes \(count), got \(arguments.count)", call.nameStart, call.nameEnd)
        return false
    }

    /// Appends a builtin call over `operands` (already emitted since `start`) with the result `type`.
    private mutating func apply(
        _ function: BuiltinFunction, _ start: Int, _ operands: [Operand], _ type: ValueType?
    ) -> Operand {
        guard let type else {
            placeholder(pops: operands.count)
            return .poison
        }
        append(.call(function, argumentCount: Int32(operands.count)), pops: operands.count)
        return finish(start, Operand(type: type, isPure: operands.allSatisfy(\.isPure)))
    }

    /// The common type of arguments that must all be numbers, or all durations; nil after reporting.
    private mutating func numeric(_ call: Call, _ operands: [(Operand, SyntaxNode)]) -> ValueType? {
        var common: ValueType?
        var failed = false
        for (operand, node) in operands {
            guard let type = operand.type else {
                failed = true
                continue
            }
            guard type == .number || type == .duration else {
                error("\(call.name) needs numbers or durations, found \(type)", node.start, node.end)
                failed = true
                continue
            }
            if let common, common != type {
                if !failed {
                    error(
                        "\(call.name) needs arguments of one type, found \(common) and \(type)", node.start, node.end)
                }
                failed = true
            } else {
                common = type
            }
        }
        return failed ? nil : common
    }

    /// `.number` when all arguments are numbers; nil after reporting.
    private mutating func numbers(_ call: Call, _ operands: [(Operand, SyntaxNode)]) -> ValueType? {
        var failed = false
        for (operand, node) in operands {
            guard let type = operand.type else {
                failed = true
                continue
            }
            if type != .number {
                error("\(call.name) needs a number, found \(type)", node.start, node.end)
                failed = true
            }
        }
        return failed ? nil : .number
    }

    /// `min`/`max`: over a window when called as `(signal, duration)`, else over their arguments.
    private mutating func emitExtreme(_ call: Call, _ arguments: [SyntaxNode], _ start: Int) -> Operand {
        let function: BuiltinFunction = call.function == .min ? .minimum : .maximum
        if arguments.count == 2, case .name(let name) = arguments[0].kind,
            !locals.contains(where: { $0.name == name }), BuiltinName(rawValue: name) == nil,
            let signal = signals.signal(named: name)
        {
            let second = emit(arguments[1])
            if second.type == .duration {
                let width = windowWidth(second, arguments[1], from: start)
                return emitWindow(
                    call.function == .min ? .minimum : .maximum, signal: signal, arguments[0], width: width, call)
            }
            // The plain form over two values; min and max do not depend on the order of their arguments.
            let first = emit(arguments[0])
            let type = numeric(call, [(first, arguments[0]), (second, arguments[1])])
            return apply(function, start, [second, first], type)
        }
        guard arguments.count >= 2 else {
            error(
                "\(call.name) takes 2 or more values such as \(call.name)(a, b), or a signal and a window such as "
                    + "\(call.name)(temp, 10m); got \(arguments.count)", call.nameStart, call.nameEnd)
            return rejectCall(arguments)
        }
        let operands = arguments.map { emit($0) }
        if operands.count == 2, operands[0].type == .number, !operands[0].isPure, operands[1].type == .duration {
            error(
                "'\(call.name)' over a window needs a signal name as its first argument", arguments[0].start,
                arguments[0].end)
            placeholder(pops: 2)
            return .poison
        }
        let type = numeric(call, Array(zip(operands, arguments)))
        return apply(function, start, operands, type)
    }

    /// `avg delta rate` (and `min max` in their window form): a number signal and a constant duration.
    private mutating func emitSampleWindow(_ call: Call, _ function: WindowFunction, _ arguments: [SyntaxNode])
        -> Operand
    {
        let subject = arguments[0]
        var signal: SignalInfo?
        if case .name(let name) = subject.kind, !locals.contains(where: { $0.name == name }),
            BuiltinName(rawValue: name) == nil
        {
            signal = signals.signal(named: name)
            if signal == nil { reportUnknownName(name, subject.start, subject.end) }
        } else {
            error(
                "'\(call.name)' over a window needs a signal name as its first argument", subject.start, subject.end)
        }
        let start = code.count
        let widthOperand = emit(arguments[1])
        let width = windowWidth(widthOperand, arguments[1], from: start)
        guard let signal else {
            pushConstant(.none)
            return .poison
        }
        return emitWindow(function, signal: signal, subject, width: width, call)
    }

    /// Appends the read of a window over a number signal's samples.
    private mutating func emitWindow(
        _ function: WindowFunction, signal: SignalInfo, _ subject: SyntaxNode, width: Int64?, _ call: Call
    ) -> Operand {
        guard signal.type == .number else {
            error(
                "'\(call.name)' over a window needs a number signal; '\(signal.name)' is \(Self.article(signal.type))",
                subject.start, subject.end)
            pushConstant(.none)
            return .poison
        }
        guard let width else {
            pushConstant(.none)
            return .poison
        }
        let use = WindowUse(spec: WindowSpec(slot: signal.slot, width: width, content: .samples), function: function)
        append(.window(registerWindow(use), function))
        return Operand(type: .number, isPure: false)
    }

    /// `count(signal.EVENT, duration)`.
    private mutating func emitCount(_ call: Call, _ arguments: [SyntaxNode]) -> Operand {
        guard arguments.count == 2 else {
            error(
                "count takes 2 arguments, an event and a window such as count(door.rise, 10m); got \(arguments.count)",
                call.nameStart, call.nameEnd)
            pushConstant(.none)  // its arguments are not checked: an event alone is an error of its own
            return .poison
        }
        let subject = arguments[0]
        var event: SignalEdge?
        var signal: SignalInfo?
        var reported = false
        if case .attribute(let base, let name, let dotStart) = subject.kind {
            if let attribute = attributeName(name, dotStart: dotStart, end: subject.end) {
                event = attribute.event
            } else {
                reported = true
            }
            if event != nil {
                signal = signalBeforeAttribute(base, name, dotStart: dotStart, end: subject.end)
                reported = signal == nil
            }
            if let found = signal, let edge = event, edge == .rise || edge == .fall, found.type != .bool {
                error(
                    "'.\(edge.rawValue)' needs a bool signal; '\(found.name)' is \(Self.article(found.type))",
                    dotStart, subject.end)
                signal = nil
                reported = true
            }
        }
        if event == nil && !reported {
            error("'count' needs an event such as door.rise as its first argument", subject.start, subject.end)
        }
        let start = code.count
        let widthOperand = emit(arguments[1])
        let width = windowWidth(widthOperand, arguments[1], from: start)
        guard let signal, let event, let width else {
            pushConstant(.none)
            return .poison
        }
        let spec = WindowSpec(slot: signal.slot, width: width, content: .events(event))
        append(.window(registerWindow(WindowUse(spec: spec, function: .count)), .count))
        return Operand(type: .number, isPure: false)
    }

    /// The width of a window from its argument, emitted since `start` (the code is dropped); nil after reporting.
    private mutating func windowWidth(_ operand: Operand, _ node: SyntaxNode, from start: Int) -> Int64? {
        let value = constant(from: start)
        discard(from: start)
        guard let type = operand.type else { return nil }
        guard type == .duration else {
            error(
                "expected a duration such as 500ms, 30s, 5m, 1h30m or 1d, found \(type)"
                    + Self.literalHint(node, expected: .duration), node.start, node.end)
            return nil
        }
        guard operand.isPure, let value else {
            error("a window needs a constant duration such as 10m", node.start, node.end)
            return nil
        }
        guard case .duration(let width) = value, width > 0 else {
            error("a window needs a duration greater than 0", node.start, node.end)
            return nil
        }
        return width
    }

    private mutating func registerWindow(_ use: WindowUse) -> Int32 {
        if let index = windowUseIndex[use] { return index }
        let index = Int32(windowUses.count)
        windowUses.append(use)
        windowUseIndex[use] = index
        return index
    }

    /// `time_between(a, b)` with constant times of day.
    private mutating func emitTimeBetween(_ call: Call, _ arguments: [SyntaxNode]) -> Operand {
        let usage = "time_between takes two times of day such as 22:00"
        guard arguments.count == 2 else {
            error("\(usage), as in time_between(22:00, 06:00); got \(arguments.count)", call.nameStart, call.nameEnd)
            return rejectCall(arguments)
        }
        var bounds: [Int64] = []
        var reported = false
        for argument in arguments {
            let start = code.count
            let operand = emit(argument)
            let value = constant(from: start)
            discard(from: start)
            guard let type = operand.type else { continue }
            if operand.isPure, case .timeOfDay(let milliseconds)? = value {
                bounds.append(milliseconds)
            } else if !reported {
                let found = "\(usage), found \(type)" + Self.literalHint(argument, expected: .timeOfDay)
                error(type == .timeOfDay ? "\(usage), written as constants" : found, argument.start, argument.end)
                reported = true
            }
        }
        guard bounds.count == 2 else {
            pushConstant(.none)
            return .poison
        }
        if bounds[0] == bounds[1] {
            warning(
                "time_between with equal times is never true", call.node.start, call.node.end)
        }
        let range = ExpressionDependencies.TimeRange(start: bounds[0], end: bounds[1])
        if !timeRanges.contains(range) { timeRanges.append(range) }
        append(.timeBetween(start: Int32(bounds[0]), end: Int32(bounds[1])))
        return Operand(type: .bool, isPure: false)
    }

    /// `a bool`, `a number`, `a time of day`, `an instant`.
    static func article(_ type: ValueType) -> String {
        type == .instant ? "an instant" : "a \(type)"
    }
}
