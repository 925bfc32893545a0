/// One physical edge on a GPIO line, before debounce and `active_low`.
public enum LineEdge: String, Sendable, Hashable, CaseIterable {
    case rise
    case fall
}
