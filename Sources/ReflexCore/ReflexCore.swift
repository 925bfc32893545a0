/// ReflexCore: values, the expression language, the rule model and its compiler.
///
/// The core does no I/O and reads no clock; time is passed in by its drivers.
public enum ReflexVersion {
    /// The rule format version this build reads (`reflex: 1`).
    public static let format = 1
}
