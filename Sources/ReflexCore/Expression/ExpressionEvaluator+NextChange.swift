extension ExpressionEvaluator {
    /// Step functions inside an expression (`floor`, `%`, `hour`, a `min` switching sides) may change without
    /// changing its value; `nextChange` steps over at most this many such breakpoints before answering early.
    static let breakpointSteps = 64

    /// The earliest instant after `context.now` at which the value of `expression` changes through the passage
    /// of time alone, when no signal is updated: `.age` and `.since` growing, `hour`, `minute` and `weekday`
    /// turning over (and the zone's offset changing), a `time_between` boundary. Nil when time alone cannot
    /// change it.
    ///
    /// Not included, because the engine keeps their deadlines itself: `.stale` (last update + limit) and
    /// windows (a sample leaves at its update time + width); they are read as they are now.
    ///
    /// The answer is exact for expressions that are linear in time between breakpoints: comparisons,
    /// `+ - abs min max clamp round floor ceil %`, multiplying or dividing by values that do not change with
    /// time, and the clock. It is never late for those; it may be early (evaluate again then, and ask again)
    /// after `breakpointSteps` breakpoints that leave the value as it is, and for a product or quotient of two
    /// time-dependent values, which is followed along its tangent.
    public mutating func nextChange<Context: EvaluationContext>(
        _ expression: CompiledExpression, in context: Context
    ) -> Int64? {
        let initial = evaluate(expression, in: context)
        var clock = ShiftedClock(base: context, now: context.now)
        for _ in 0..<Self.breakpointSteps {
            guard let instant = breakpoint(expression, in: clock) else { return nil }
            clock.now = instant
            if evaluate(expression, in: clock) != initial { return instant }
        }
        return clock.now
    }

    /// The earliest instant after now at which some part of `expression` may change with time.
    private mutating func breakpoint<Context: EvaluationContext>(
        _ expression: CompiledExpression, in context: Context
    ) -> Int64? {
        reserve(expression.maxStackDepth)
        var next = TimeBreakpoint()
        let code = expression.code
        let constants = expression.constants
        let now = context.now
        var sp = 0
        var pc = 0
        while pc < code.count {
            var slope = 0.0
            switch code[pc] {
            case .constant(let index):
                stack[sp] = constants[Int(index)]
            case .value(let slot):
                stack[sp] = context.value(Int(slot))
            case .previous(let slot):
                stack[sp] = context.previous(Int(slot))
            case .age(let slot):
                stack[sp] = Self.elapsed(since: context.lastUpdate(Int(slot)), now: now)
                slope = stack[sp].isNone ? 0 : 1
            case .since(let slot):
                stack[sp] = Self.elapsed(since: context.lastChange(Int(slot)), now: now)
                slope = stack[sp].isNone ? 0 : 1
            case .stale(let slot):
                stack[sp] = .bool(context.isStale(Int(slot)))
            case .window(let index, let function):
                stack[sp] = context.window(Int(index), function)
            case .local(let index):
                stack[sp] = context.local(Int(index))
            case .now:
                stack[sp] = .instant(now)
                slope = 1
            case .clock(let field):
                let offset = context.utcOffset(at: now)
                let local = CivilTime.local(now, utcOffset: offset)
                stack[sp] = Self.clock(field, local: local)
                let unit: Int64
                switch field {
                case .minute: unit = 60_000
                case .hour: unit = 3_600_000
                case .weekday: unit = CivilTime.millisecondsPerDay
                }
                let delta = unit - CivilTime.floorModulo(local, unit)
                next.consider(Double(delta))
                Self.offsetChange(before: delta, in: context, into: &next)
            case .timeBetween(let start, let end):
                let offset = context.utcOffset(at: now)
                let time = CivilTime.timeOfDay(local: CivilTime.local(now, utcOffset: offset))
                stack[sp] = .bool(Self.isTime(time, from: Int64(start), to: Int64(end)))
                if start != end {
                    let day = CivilTime.millisecondsPerDay
                    let toStart = CivilTime.floorModulo(Int64(start) - time - 1, day) + 1
                    let toEnd = CivilTime.floorModulo(Int64(end) - time - 1, day) + 1
                    let delta = Swift.min(toStart, toEnd)
                    next.consider(Double(delta))
                    Self.offsetChange(before: delta, in: context, into: &next)
                }
            case .arithmetic(let operation):
                let a = stack[sp - 2]
                let b = stack[sp - 1]
                let value = Self.arithmetic(operation, a, b)
                let rate = value.isNone ? 0 : Self.slope(operation, a, b, slopes[sp - 2], slopes[sp - 1], &next)
                sp -= 2
                stack[sp] = value
                slope = rate
            case .negate:
                sp -= 1
                stack[sp] = Self.negate(stack[sp])
                slope = -slopes[sp]
            case .not:
                sp -= 1
                if case .bool(let b) = stack[sp] { stack[sp] = .bool(!b) }
            case .compare(let op):
                next.crossing(stack[sp - 2], stack[sp - 1], slopes[sp - 2], slopes[sp - 1], comparing: op)
                stack[sp - 2] = .bool(Self.compare(op, stack[sp - 2], stack[sp - 1]))
                sp -= 2
            case .member(let count):
                let first = sp - Int(count)
                var found = false
                for i in first..<sp {
                    next.crossing(stack[first - 1], stack[i], slopes[first - 1], slopes[i], comparing: .equal)
                    if Self.compare(.equal, stack[first - 1], stack[i]) { found = true }
                }
                sp = first - 1
                stack[sp] = .bool(found)
            case .call(let function, let argumentCount):
                let first = sp - Int(argumentCount)
                let value = call(function, first: first, count: Int(argumentCount), context: context)
                slope = value.isNone ? 0 : callSlope(function, first: first, count: Int(argumentCount), &next)
                sp = first
                stack[sp] = value
            case .jumpUnlessTrue(let offset):
                if case .bool(true) = stack[sp - 1] {
                    sp -= 1
                } else {
                    stack[sp - 1] = .bool(false)
                    slopes[sp - 1] = 0
                    pc += Int(offset)
                    continue
                }
                pc += 1
                continue
            case .jumpIfTrue(let offset):
                if case .bool(true) = stack[sp - 1] {
                    pc += Int(offset)
                    continue
                }
                sp -= 1
                pc += 1
                continue
            case .truth:
                sp -= 1
                if case .none = stack[sp] { stack[sp] = .bool(false) }
            }
            slopes[sp] = slope
            sp += 1
            pc += 1
        }
        guard next.offset != .max else { return nil }
        let (instant, overflow) = now.addingReportingOverflow(next.offset)
        return overflow ? nil : instant
    }

    /// When the zone's offset changes within `limit` milliseconds of now, notes that instant (local clock
    /// fields jump then), as the context's zone rules give it.
    private static func offsetChange<Context: EvaluationContext>(
        before limit: Int64, in context: Context, into next: inout TimeBreakpoint
    ) {
        let now = context.now
        guard limit > 0, let change = context.nextOffsetChange(after: now), change > now, change - now <= limit
        else { return }
        next.consider(Double(change - now))
    }

    /// How fast the result of an arithmetic operation changes, noting the jumps of `%`.
    private static func slope(
        _ operation: ArithmeticOperation, _ a: Value, _ b: Value, _ sa: Double, _ sb: Double,
        _ next: inout TimeBreakpoint
    ) -> Double {
        guard sa != 0 || sb != 0, let x = TimeBreakpoint.quantity(a), let y = TimeBreakpoint.quantity(b) else {
            return 0
        }
        switch operation {
        case .addNumbers, .addDurations:
            return sa + sb
        case .subtractNumbers, .subtractDurations:
            return sa - sb
        case .multiplyNumbers, .multiplyDurationByNumber, .multiplyNumberByDuration:
            return sa * y + sb * x
        case .divideNumbers, .divideDurationByNumber, .divideDurations:
            return y == 0 ? 0 : (sa * y - x * sb) / (y * y)
        case .remainder:
            if sb == 0 && y != 0 {
                // x % y jumps back each time x passes a multiple of y.
                next.gridPoint(x, slope: sa, origin: 0, step: y.magnitude, closedAbove: x > 0 || (x == 0 && sa > 0))
                return sa
            }
            return sa - sb * (x / y).rounded(.towardZero)
        }
    }

    /// How fast the result of a builtin changes, noting where it switches between arguments or steps.
    private func callSlope(
        _ function: BuiltinFunction, first: Int, count: Int, _ next: inout TimeBreakpoint
    ) -> Double {
        switch function {
        case .abs:
            next.crossing(stack[first], .number(0), slopes[first], 0)
            guard let x = TimeBreakpoint.quantity(stack[first]) else { return 0 }
            return x < 0 || (x == 0 && slopes[first] < 0) ? -slopes[first] : slopes[first]
        case .minimum, .maximum:
            return extremeSlope(first: first, count: count, largest: function == .maximum, &next)
        case .clamp:
            // clamp(x, lo, hi) = min(max(x, lo), hi): every pair may cross.
            next.crossing(stack[first], stack[first + 1], slopes[first], slopes[first + 1])
            next.crossing(stack[first], stack[first + 2], slopes[first], slopes[first + 2])
            next.crossing(stack[first + 1], stack[first + 2], slopes[first + 1], slopes[first + 2])
            let lower = winner(first, first + 1, largest: true)
            return slopes[winner(lower, first + 2, largest: false)]
        case .round, .floor, .ceil:
            guard case .number(let x) = stack[first], slopes[first] != 0 else { return 0 }
            var step = 1.0
            if function == .round, count == 2, case .number(let digits) = stack[first + 1] {
                var places = Int(Swift.max(-15, Swift.min(15, digits.isNaN ? 0 : digits.rounded(.towardZero))))
                while places > 0 {
                    step /= 10
                    places -= 1
                }
                while places < 0 {
                    step *= 10
                    places += 1
                }
            }
            // floor steps up at each point; ceil down; round (half away from zero) like floor above 0.
            let closedAbove = function == .floor || (function == .round && x >= 0)
            next.gridPoint(
                x, slope: slopes[first], origin: function == .round ? step / 2 : 0, step: step, closedAbove: closedAbove
            )
            return 0
        case .json:
            return 0
        }
    }

    /// The slope of the extreme of `count` values, noting where another value overtakes it.
    private func extremeSlope(first: Int, count: Int, largest: Bool, _ next: inout TimeBreakpoint) -> Double {
        var best = first
        for i in (first + 1)..<(first + count) { best = winner(best, i, largest: largest) }
        for i in first..<(first + count) where i != best {
            next.crossing(stack[i], stack[best], slopes[i], slopes[best])
        }
        return slopes[best]
    }

    /// Which of two stack entries is the larger (or smaller), the one moving that way on a tie.
    private func winner(_ i: Int, _ j: Int, largest: Bool) -> Int {
        guard let x = TimeBreakpoint.quantity(stack[i]), let y = TimeBreakpoint.quantity(stack[j]) else { return i }
        if x == y { return (slopes[j] > slopes[i]) == largest ? j : i }
        return (y > x) == largest ? j : i
    }
}
