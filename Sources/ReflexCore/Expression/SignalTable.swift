/// The signals an expression may name, as the rule compiler resolved them.
///
/// Contract: `signal(named:)` returns the same answer for a name every time during one compilation;
/// `signalNames` lists every name it answers for (used for "did you mean"), in declaration order.
public protocol SignalTable {
    func signal(named name: String) -> SignalInfo?
    var signalNames: [String] { get }
}
