/// Evaluates compiled expressions and renders compiled templates.
///
/// The evaluator keeps one value stack and reuses it, so evaluating an expression allocates nothing (values
/// holding strings are only retained); only `json(x)` and rendering a template build new strings. Keep one
/// evaluator per engine and call it from one thread.
///
/// Run-time rules (SPEC "Expressions", and where it is silent):
/// - none in arithmetic or a function gives none; every comparison with none is false, `!=` and `in` too;
///   `and`/`or` read none as false and always give a bool; `not none` is none.
/// - Dividing by zero, `%` by zero, and results that are not finite (overflow) give none.
/// - A duration times or divided by a number is rounded to the nearest millisecond (halves away from zero).
/// - `%` keeps the sign of the dividend (`-7 % 3` is -1).
/// - `round` rounds halves away from zero on the decimal the user reads (`round(1.005, 2)` is 1.01); digits
///   are cut to a whole number in -15...15. `clamp(x, lo, hi)` is `min(max(x, lo), hi)`, so hi wins when
///   lo > hi.
/// - `hour`, `minute`, `weekday` and `time_between` read local time with `utcOffset(at: now)`.
public struct ExpressionEvaluator {
    /// The stack's memory, allocated once (and again only to grow). Evaluating writes into it without
    /// copy-on-write checks; copies of an evaluator share it, which is why it is used from one thread.
    final class Storage {
        let capacity: Int
        let values: UnsafeMutablePointer<Value>
        let slopes: UnsafeMutablePointer<Double>

        init(capacity: Int) {
            self.capacity = capacity
            values = .allocate(capacity: capacity)
            values.initialize(repeating: .none, count: capacity)
            slopes = .allocate(capacity: capacity)
            slopes.initialize(repeating: 0, count: capacity)
        }

        deinit {
            values.deinitialize(count: capacity)
            values.deallocate()
            slopes.deallocate()
        }
    }

    var storage: Storage
    var stack: UnsafeMutablePointer<Value> { storage.values }
    /// How fast each value on the stack changes with time, per millisecond (`nextChange` only).
    var slopes: UnsafeMutablePointer<Double> { storage.slopes }

    /// An evaluator whose stack already fits expressions up to `maxStackDepth` (it grows once when needed).
    public init(maxStackDepth: Int = 16) {
        storage = Storage(capacity: Swift.max(1, maxStackDepth))
    }

    /// The value of `expression` at `context.now`.
    public mutating func evaluate<Context: EvaluationContext>(
        _ expression: CompiledExpression, in context: Context
    ) -> Value {
        reserve(expression.maxStackDepth)
        return run(expression.code, from: 0, to: expression.code.count, constants: expression.constants,
                   context: context)
    }

    /// The text of `template` at `context.now`: its text parts and the formatted value of each expression.
    public mutating func render<Context: EvaluationContext>(
        _ template: CompiledTemplate, in context: Context
    ) -> String {
        var out = ""
        for part in template.parts {
            switch part {
            case .text(let text):
                out += text
            case .expression(let expression):
                let value = evaluate(expression, in: context)
                var offset = 0
                if case .instant(let instant) = value { offset = context.utcOffset(at: instant) }
                out += ValueText.format(value, utcOffset: offset)
            }
        }
        return out
    }

    /// Whether `expression` holds: its value is true (none counts as false, as for `when`, `until` and `if`).
    public mutating func isTrue<Context: EvaluationContext>(
        _ expression: CompiledExpression, in context: Context
    ) -> Bool {
        if case .bool(true) = evaluate(expression, in: context) { return true }
        return false
    }

    mutating func reserve(_ depth: Int) {
        if storage.capacity < depth { storage = Storage(capacity: depth) }
    }

    /// Runs a self-contained piece of code, `code[start..<end]`; the stack must hold its depth (`reserve`).
    func run<Context: EvaluationContext>(
        _ code: [Instruction], from start: Int, to end: Int, constants: [Value], context: Context
    ) -> Value {
        code.withUnsafeBufferPointer { code in
            constants.withUnsafeBufferPointer { constants in
                Self.run(code, from: start, to: end, constants: constants, stack: stack, context: context)
            }
        }
    }

    /// The machine itself, over memory its caller holds: `stack` must hold the code's depth. The engine calls
    /// it directly with its own code, constants and stack.
    static func run<Context: EvaluationContext>(
        _ code: UnsafeBufferPointer<Instruction>, from start: Int, to end: Int,
        constants: UnsafeBufferPointer<Value>, stack: UnsafeMutablePointer<Value>, context: Context
    ) -> Value {
        var sp = 0
        var pc = start
        while pc < end {
            switch code[pc] {
            case .constant(let index):
                stack[sp] = constants[Int(index)]
                sp += 1
            case .value(let slot):
                stack[sp] = context.value(Int(slot))
                sp += 1
            case .previous(let slot):
                stack[sp] = context.previous(Int(slot))
                sp += 1
            case .age(let slot):
                stack[sp] = Self.elapsed(since: context.lastUpdate(Int(slot)), now: context.now)
                sp += 1
            case .since(let slot):
                stack[sp] = Self.elapsed(since: context.lastChange(Int(slot)), now: context.now)
                sp += 1
            case .stale(let slot):
                stack[sp] = .bool(context.isStale(Int(slot)))
                sp += 1
            case .window(let index, let function):
                stack[sp] = context.window(Int(index), function)
                sp += 1
            case .local(let index):
                stack[sp] = context.local(Int(index))
                sp += 1
            case .now:
                stack[sp] = .instant(context.now)
                sp += 1
            case .clock(let field):
                let now = context.now
                let local = CivilTime.local(now, utcOffset: context.utcOffset(at: now))
                stack[sp] = Self.clock(field, local: local)
                sp += 1
            case .timeBetween(let start, let end):
                let now = context.now
                let local = CivilTime.local(now, utcOffset: context.utcOffset(at: now))
                stack[sp] = .bool(Self.isTime(CivilTime.timeOfDay(local: local), from: Int64(start), to: Int64(end)))
                sp += 1
            case .arithmetic(let operation):
                stack[sp - 2] = Self.arithmetic(operation, stack[sp - 2], stack[sp - 1])
                sp -= 1
            case .negate:
                stack[sp - 1] = Self.negate(stack[sp - 1])
            case .not:
                if case .bool(let b) = stack[sp - 1] { stack[sp - 1] = .bool(!b) }
            case .compare(let op):
                stack[sp - 2] = .bool(Self.compare(op, stack[sp - 2], stack[sp - 1]))
                sp -= 1
            case .member(let count):
                let first = sp - Int(count)
                var found = false
                for i in first..<sp where Self.compare(.equal, stack[first - 1], stack[i]) {
                    found = true
                    break
                }
                sp = first
                stack[sp - 1] = .bool(found)
            case .call(let function, let argumentCount):
                let first = sp - Int(argumentCount)
                stack[first] = call(function, stack: stack, first: first, count: Int(argumentCount), context: context)
                sp = first + 1
            case .jumpUnlessTrue(let offset):
                if case .bool(true) = stack[sp - 1] {
                    sp -= 1
                } else {
                    stack[sp - 1] = .bool(false)
                    pc += Int(offset)
                    continue
                }
            case .jumpIfTrue(let offset):
                if case .bool(true) = stack[sp - 1] {
                    pc += Int(offset)
                    continue
                }
                sp -= 1
            case .truth:
                if case .none = stack[sp - 1] { stack[sp - 1] = .bool(false) }
            }
            pc += 1
        }
        return stack[0]
    }

    /// A builtin applied to `stack[first..<first + count]`.
    func call<Context: EvaluationContext>(
        _ function: BuiltinFunction, first: Int, count: Int, context: Context
    ) -> Value {
        Self.call(function, stack: stack, first: first, count: count, context: context)
    }

    static func call<Context: EvaluationContext>(
        _ function: BuiltinFunction, stack: UnsafeMutablePointer<Value>, first: Int, count: Int, context: Context
    ) -> Value {
        switch function {
        case .abs:
            return Self.absolute(stack[first])
        case .minimum, .maximum:
            var result = stack[first]
            for i in (first + 1)..<(first + count) {
                result = Self.extreme(result, stack[i], largest: function == .maximum)
            }
            return result
        case .clamp:
            return Self.extreme(
                Self.extreme(stack[first], stack[first + 1], largest: true), stack[first + 2], largest: false)
        case .round:
            guard case .number(let x) = stack[first] else { return .none }
            if count == 1 { return .number(x.rounded(.toNearestOrAwayFromZero)) }
            guard case .number(let digits) = stack[first + 1] else { return .none }
            return Self.finite(Self.round(x, digits: digits))
        case .floor:
            guard case .number(let x) = stack[first] else { return .none }
            return .number(x.rounded(.down))
        case .ceil:
            guard case .number(let x) = stack[first] else { return .none }
            return .number(x.rounded(.up))
        case .json:
            let value = stack[first]
            var offset = 0
            if case .instant(let instant) = value { offset = context.utcOffset(at: instant) }
            return .string(ValueText.json(value, utcOffset: offset))
        }
    }
}
