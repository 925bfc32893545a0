/// The engine's timers: deadlines kept in a min-heap ordered by (deadline, creation sequence), so that timers
/// due at one instant fire in the order they were created (SPEC Precise semantics 4).
///
/// Cancelling is O(log n) through a handle; rescheduling to a later deadline is O(1) (amortised: the entry
/// sinks once, when it reaches the top). Slots are reused through a free list, so a scheduler that has
/// reached its working size schedules and cancels without allocating. Its code is inlinable so that it is
/// specialized for the payload where it is used. Like the engine that owns it, it
/// belongs to one loop and is not `Sendable`.
public struct Scheduler<Payload> {
    /// Names one scheduled timer; stale once the timer fired or was cancelled (the generation tells).
    public struct Handle: Hashable, Sendable {
        @usableFromInline let slot: Int32
        @usableFromInline let generation: UInt32

        @inlinable init(slot: Int32, generation: UInt32) {
            self.slot = slot
            self.generation = generation
        }
    }

    /// A timer that is due.
    public struct Due {
        public var deadline: Int64
        public var payload: Payload

        @inlinable init(deadline: Int64, payload: Payload) {
            self.deadline = deadline
            self.payload = payload
        }
    }

    /// A heap entry carries its ordering key, so sifting compares within the heap array (cache-friendly).
    @usableFromInline
    struct Entry {
        @usableFromInline var deadline: Int64
        @usableFromInline var sequence: UInt64
        @usableFromInline var slot: Int32

        @inlinable init(deadline: Int64, sequence: UInt64, slot: Int32) {
            self.deadline = deadline
            self.sequence = sequence
            self.slot = slot
        }
    }

    @usableFromInline
    struct Slot {
        @usableFromInline var payload: Payload?
        /// Position in `heap`, or -1 when the slot is free.
        @usableFromInline var position: Int32
        @usableFromInline var generation: UInt32
        /// The key a rescheduled timer really has, later than its heap entry's (sequence 0: none); see
        /// `reschedule`.
        @usableFromInline var laterDeadline: Int64 = 0
        @usableFromInline var laterSequence: UInt64 = 0

        @inlinable init(payload: Payload?, position: Int32, generation: UInt32) {
            self.payload = payload
            self.position = position
            self.generation = generation
        }
    }

    @usableFromInline var slots: [Slot] = []
    @usableFromInline var heap: [Entry] = []
    @usableFromInline var free: [Int32] = []
    @usableFromInline var sequence: UInt64 = 0

    @inlinable
    public init() {}

    /// Reserves room for `count` pending timers up front.
    @inlinable
    public init(capacity count: Int) {
        slots.reserveCapacity(count)
        heap.reserveCapacity(count)
        free.reserveCapacity(count)
    }

    /// How many timers are pending.
    @inlinable
    public var count: Int { heap.count }

    @inlinable
    public var isEmpty: Bool { heap.isEmpty }

    /// The earliest pending deadline: what the driver arms its clock for.
    @inlinable
    public var nextDeadline: Int64? {
        heap.first?.deadline
    }

    /// Schedules `payload` to fire at `deadline` (milliseconds on the engine's clock).
    @inlinable @discardableResult
    public mutating func schedule(at deadline: Int64, _ payload: Payload) -> Handle {
        sequence &+= 1
        let slot: Int32
        if let reused = free.popLast() {
            slot = reused
            slots[Int(slot)].payload = payload
        } else {
            slot = Int32(slots.count)
            slots.append(Slot(payload: payload, position: -1, generation: 0))
        }
        slots[Int(slot)].position = Int32(heap.count)
        heap.append(Entry(deadline: deadline, sequence: sequence, slot: slot))
        siftUp(heap.count - 1)
        return Handle(slot: slot, generation: slots[Int(slot)].generation)
    }

    /// Whether the timer is still pending.
    @inlinable
    public func isPending(_ handle: Handle) -> Bool {
        let i = Int(handle.slot)
        return i < slots.count && slots[i].generation == handle.generation && slots[i].position >= 0
    }

    /// The deadline of a pending timer.
    @inlinable
    public func deadline(of handle: Handle) -> Int64? {
        guard isPending(handle) else { return nil }
        let slot = slots[Int(handle.slot)]
        return slot.laterSequence != 0 ? slot.laterDeadline : heap[Int(slot.position)].deadline
    }

    /// Moves a pending timer to `deadline`, exactly as cancelling it and scheduling it again would: it takes
    /// the next creation sequence, so among timers due at the same instant it fires after those scheduled
    /// before. Its handle stays valid. Moving a timer later only notes its new key; the entry sinks to its
    /// place when it reaches the top of the heap, so a timer pushed back at every update (a stale limit) costs
    /// O(1) each time instead of a removal and an insertion.
    @inlinable
    public mutating func reschedule(_ handle: Handle, at deadline: Int64) {
        precondition(isPending(handle), "rescheduling a timer that is not pending")
        sequence &+= 1
        let slot = Int(handle.slot)
        let position = Int(slots[slot].position)
        // The new sequence is the largest yet: the new key is later than the entry's unless the deadline is
        // earlier.
        if deadline >= heap[position].deadline {
            slots[slot].laterDeadline = deadline
            slots[slot].laterSequence = sequence
            if position == 0 { settleTop() }
        } else {
            slots[slot].laterSequence = 0
            heap[position] = Entry(deadline: deadline, sequence: sequence, slot: handle.slot)
            siftUp(position)
        }
    }

    /// Cancels a pending timer; returns its payload, or nil when it had already fired or been cancelled.
    @inlinable @discardableResult
    public mutating func cancel(_ handle: Handle) -> Payload? {
        guard isPending(handle) else { return nil }
        return remove(at: Int(slots[Int(handle.slot)].position))
    }

    /// Removes and returns the earliest timer if it is due at `now` (deadline ≤ now).
    @inlinable
    public mutating func popDue(at now: Int64) -> Due? {
        guard let top = heap.first, top.deadline <= now else { return nil }
        let deadline = top.deadline
        guard let payload = remove(at: 0) else { return nil }
        return Due(deadline: deadline, payload: payload)
    }

    // MARK: Heap

    @inlinable
    static func precedes(_ x: Entry, _ y: Entry) -> Bool {
        x.deadline != y.deadline ? x.deadline < y.deadline : x.sequence < y.sequence
    }

    @inlinable
    mutating func remove(at position: Int) -> Payload? {
        let slot = heap[position].slot
        let last = heap.removeLast()
        if position < heap.count {
            heap[position] = last
            slots[Int(last.slot)].position = Int32(position)
            siftDown(position)
            siftUp(Int(slots[Int(last.slot)].position))
        }
        let payload = slots[Int(slot)].payload
        slots[Int(slot)].payload = nil
        slots[Int(slot)].position = -1
        slots[Int(slot)].generation &+= 1
        slots[Int(slot)].laterSequence = 0
        free.append(slot)
        settleTop()
        return payload
    }

    /// Keeps the top entry's key its real one: a rescheduled timer that reached the top takes its later key
    /// and sinks. Every entry's key in the heap is at most its real key, so a top with its real key is the
    /// earliest timer.
    @inlinable
    mutating func settleTop() {
        while let top = heap.first, slots[Int(top.slot)].laterSequence != 0 {
            let slot = Int(top.slot)
            heap[0].deadline = slots[slot].laterDeadline
            heap[0].sequence = slots[slot].laterSequence
            slots[slot].laterSequence = 0
            siftDown(0)
        }
    }

    @inlinable
    mutating func siftUp(_ start: Int) {
        Self.siftUp(start, &heap, &slots)
    }

    @inlinable
    mutating func siftDown(_ start: Int) {
        Self.siftDown(start, &heap, &slots)
    }

    // The sifts move the entry along a hole (each step one write, not a swap) and work on the arrays'
    // buffers, so that copy-on-write is checked once per sift, not at every step.

    @inlinable
    static func siftUp(_ start: Int, _ heap: inout [Entry], _ slots: inout [Slot]) {
        heap.withUnsafeMutableBufferPointer { heap in
            slots.withUnsafeMutableBufferPointer { slots in
                let moving = heap[start]
                var i = start
                while i > 0 {
                    let parent = (i - 1) / 2
                    let above = heap[parent]
                    guard precedes(moving, above) else { break }
                    heap[i] = above
                    slots[Int(above.slot)].position = Int32(i)
                    i = parent
                }
                if i != start {
                    heap[i] = moving
                    slots[Int(moving.slot)].position = Int32(i)
                }
            }
        }
    }

    @inlinable
    static func siftDown(_ start: Int, _ heap: inout [Entry], _ slots: inout [Slot]) {
        heap.withUnsafeMutableBufferPointer { heap in
            slots.withUnsafeMutableBufferPointer { slots in
                let count = heap.count
                let moving = heap[start]
                var i = start
                while true {
                    let left = 2 * i + 1
                    guard left < count else { break }
                    var best = left
                    if left + 1 < count, precedes(heap[left + 1], heap[left]) { best = left + 1 }
                    let below = heap[best]
                    guard precedes(below, moving) else { break }
                    heap[i] = below
                    slots[Int(below.slot)].position = Int32(i)
                    i = best
                }
                if i != start {
                    heap[i] = moving
                    slots[Int(moving.slot)].position = Int32(i)
                }
            }
        }
    }
}
