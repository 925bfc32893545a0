/// A list for scratch work that is filled and emptied many times per event: emptying it only drops its
/// elements, and its memory stays as large as it has ever been, so steady state neither allocates nor checks
/// for copy-on-write. It cannot be copied; it frees its memory when it goes away.
struct ScratchList<Element>: ~Copyable {
    private var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 16) {
        self.capacity = Swift.max(1, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    var isEmpty: Bool { count == 0 }

    var last: Element? { count == 0 ? nil : base[count - 1] }

    subscript(i: Int) -> Element {
        unsafeAddress {
            precondition(UInt(bitPattern: i) < UInt(bitPattern: count), "index out of range")
            return UnsafePointer(base + i)
        }
        unsafeMutableAddress {
            precondition(UInt(bitPattern: i) < UInt(bitPattern: count), "index out of range")
            return base + i
        }
    }

    mutating func append(_ element: Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: element)
        count += 1
    }

    mutating func removeAll() {
        base.deinitialize(count: count)
        count = 0
    }

    mutating func swapAt(_ i: Int, _ j: Int) {
        precondition(i < count && j < count, "index out of range")
        guard i != j else { return }
        let held = (base + i).move()
        (base + i).moveInitialize(from: base + j, count: 1)
        (base + j).initialize(to: held)
    }

    /// Trades contents with `other` (their memory changes hands; nothing is copied).
    mutating func exchange(with other: inout ScratchList) {
        swap(&base, &other.base)
        swap(&capacity, &other.capacity)
        swap(&count, &other.count)
    }

    private mutating func grow() {
        let bigger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity *= 2
    }
}

extension ScratchList where Element: Comparable {
    mutating func sort() {
        var elements = UnsafeMutableBufferPointer(start: base, count: count)
        elements.sort()
    }
}
