/// The program-wide list of time windows, so that expressions using an equal window share one.
///
/// Expressions refer to a window by its index here; `functions(of:)` tells which aggregates of it are read.
public final class WindowTable {
    public private(set) var windows: [WindowSpec] = []
    private var functionsByWindow: [Set<WindowFunction>] = []
    private var indexBySpec: [WindowSpec: Int] = [:]

    public init() {}

    /// The aggregates that some compiled expression reads from window `index`.
    public func functions(of index: Int) -> Set<WindowFunction> {
        functionsByWindow[index]
    }

    /// The index of the window equal to `spec`, added when new, noting that `function` is read from it.
    func register(_ spec: WindowSpec, function: WindowFunction) -> Int {
        if let index = indexBySpec[spec] {
            functionsByWindow[index].insert(function)
            return index
        }
        let index = windows.count
        windows.append(spec)
        functionsByWindow.append([function])
        indexBySpec[spec] = index
        return index
    }
}
