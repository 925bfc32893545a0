/// A binary arithmetic operation with its operand types decided at compile time.
enum ArithmeticOperation: Sendable, Hashable {
    case addNumbers
    case addDurations
    case subtractNumbers
    case subtractDurations
    case multiplyNumbers
    case multiplyDurationByNumber
    case multiplyNumberByDuration
    case divideNumbers
    case divideDurationByNumber
    case divideDurations
    case remainder
}
