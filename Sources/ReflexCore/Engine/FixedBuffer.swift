/// A fixed number of elements in memory of their own, for the engine's per-slot, per-rule and per-output
/// state. It cannot be copied, so writing an element needs no copy-on-write check (an `Array` in a struct
/// checks at every write); it frees its memory when it goes away. Indices are checked.
struct FixedBuffer<Element>: ~Copyable {
    let base: UnsafeMutablePointer<Element>
    let count: Int

    init(repeating value: Element, count: Int) {
        self.count = count
        base = .allocate(capacity: Swift.max(1, count))
        base.initialize(repeating: value, count: count)
    }

    init(_ elements: [Element]) {
        count = elements.count
        base = .allocate(capacity: Swift.max(1, count))
        _ = UnsafeMutableBufferPointer(start: base, count: count).initialize(from: elements)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    var indices: Range<Int> { 0..<count }

    /// The elements as a buffer, for code that reads them in place (valid while this buffer lives).
    var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

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
}
