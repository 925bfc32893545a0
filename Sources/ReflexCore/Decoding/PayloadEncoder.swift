/// The text an MQTT output publishes for its value when it has no `payload:` template (SPEC "Payloads").
public enum PayloadEncoder {
    /// A bool as `on`/`off`, a number in its shortest round-trip form (`21`, `31.5`, `1e-7`, `-0` as `0`), a
    /// string as it is. Other values print as a template prints them, so the default payload is always the
    /// same as `payload: '{{ value }}'`.
    public static func text(_ value: Value) -> String {
        ValueText.format(value)
    }
}
