/// MQTT topic filters (`+` one level, `#` this level and all below) matched against topic names.
public enum TopicFilter {
    /// Whether a message published to `topic` reaches a subscription to `filter` (MQTT 3.1.1 §4.7).
    ///
    /// `+` matches exactly one level (which may be empty); a trailing `#` matches the parent level and any
    /// number of levels below it. Topics starting with `$` are not matched by a filter starting with a wildcard.
    public static func matches(filter: String, topic: String) -> Bool {
        if topic.hasPrefix("$"), filter.hasPrefix("+") || filter.hasPrefix("#") { return false }
        let f = filter.split(separator: "/", omittingEmptySubsequences: false)
        let t = topic.split(separator: "/", omittingEmptySubsequences: false)
        var i = 0
        while i < f.count {
            if f[i] == "#" { return i == f.count - 1 }
            guard i < t.count else { return false }
            if f[i] != "+", f[i] != t[i] { return false }
            i += 1
        }
        return i == t.count
    }

    /// Whether `filter` holds a wildcard.
    public static func isWildcard(_ filter: String) -> Bool {
        filter.contains("+") || filter.contains("#")
    }
}
