/// One step of a compiled expression: a stack machine instruction with its operands resolved to integers.
///
/// Every instruction pops its operands and pushes one result, except the jumps. Jump offsets are relative to
/// the jump itself, so that any run of instructions can be evaluated on its own.
enum Instruction: Sendable, Hashable {
    /// Push `constants[index]`.
    case constant(Int32)
    /// Push the value of the signal in a slot.
    case value(Int32)
    /// Push the value a signal had before its last change.
    case previous(Int32)
    /// Push now minus the signal's last update (a duration; none when never updated).
    case age(Int32)
    /// Push now minus the signal's last change (a duration; none when never changed).
    case since(Int32)
    /// Push whether the signal is stale.
    case stale(Int32)
    /// Push an aggregate of a window (index into the `WindowTable`, or a per-expression index while compiling).
    case window(Int32, WindowFunction)
    /// Push a local value.
    case local(Int32)
    /// Push the current instant.
    case now
    /// Push the local hour, minute or weekday.
    case clock(ClockField)
    /// Push whether the local time of day is in [start, end), wrapping past midnight (milliseconds).
    case timeBetween(start: Int32, end: Int32)
    case arithmetic(ArithmeticOperation)
    case negate
    case not
    case compare(ComparisonOperator)
    /// Pop `count` list values, then the subject; push whether the subject equals one of them.
    case member(count: Int32)
    case call(BuiltinFunction, argumentCount: Int32)
    /// `and`: when the top is true, pop it and go on; else replace it with false and jump by `offset`.
    case jumpUnlessTrue(offset: Int32)
    /// `or`: when the top is true, jump by `offset`; else pop it and go on.
    case jumpIfTrue(offset: Int32)
    /// Replace a none on the top with false (the value of an `and`/`or` is always a bool).
    case truth
}
