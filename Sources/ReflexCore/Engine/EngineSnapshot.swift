/// What survives a restart of the engine (SPEC "Restarts"): `state` values, running `for:` clocks, pending
/// runs (`delay`s and the runs waiting for their pulses), running pulses, `min_interval` clocks, and what was
/// written to each output (arbitration step 2), all in wall-clock milliseconds and keyed by name, so that a
/// snapshot still applies after a reload that changed the rule set.
///
/// Not kept: input values, time windows, `every`/`at` clocks (they start again from the restart), and
/// triggers queued behind a pending run (`mode: queue`): those are dropped.
public struct EngineSnapshot: Codable, Equatable, Sendable {
    /// A `state` signal's value, with the instants of its last update and change.
    public struct State: Codable, Equatable, Sendable {
        public var name: String
        public var value: Value
        public var previous: Value
        public var updated: Int64
        public var changed: Int64

        public init(name: String, value: Value, previous: Value, updated: Int64, changed: Int64) {
            self.name = name
            self.value = value
            self.previous = previous
            self.updated = updated
            self.changed = changed
        }
    }

    /// A level rule whose `for:` clock is running: it activates at `deadline` if its `when` still holds.
    public struct ForClock: Codable, Equatable, Sendable {
        public var rule: String
        public var deadline: Int64

        public init(rule: String, deadline: Int64) {
            self.rule = rule
            self.deadline = deadline
        }
    }

    /// Which list of a rule a run goes through.
    public enum List: String, Codable, Equatable, Sendable {
        case then
        case `else`
    }

    /// A rule's pending run: its list, the index of its next step (in the flattened list), and when its
    /// `delay` ends (nil when it only waits for its pulses).
    public struct Run: Codable, Equatable, Sendable {
        public var rule: String
        public var list: List
        public var next: Int
        public var resume: Int64?

        public init(rule: String, list: List, next: Int, resume: Int64?) {
            self.rule = rule
            self.list = list
            self.next = next
            self.resume = resume
        }
    }

    /// A running pulse on an output: it ends at `end` and puts `restore` back as the written value; `restore`
    /// is nil when something else wrote the output since the pulse began (then nothing is put back).
    public struct Pulse: Codable, Equatable, Sendable {
        public var output: String
        public var end: Int64
        public var restore: Value?
        /// The rule whose run the pulse belongs to (its run stays pending until the pulse ends).
        public var rule: String?

        public init(output: String, end: Int64, restore: Value?, rule: String?) {
            self.output = output
            self.end = end
            self.restore = restore
            self.rule = rule
        }
    }

    /// An output's `min_interval` clock: when its last change was driven, the value waiting for the interval
    /// to end (if any), and the value driven then.
    public struct ChangeLimit: Codable, Equatable, Sendable {
        public var output: String
        public var lastChange: Int64
        public var pending: Value?
        public var driven: Value

        public init(output: String, lastChange: Int64, pending: Value?, driven: Value) {
            self.output = output
            self.lastChange = lastChange
            self.pending = pending
            self.driven = driven
        }
    }

    /// The last value written to an output by `set` / `toggle` / `pulse` (arbitration step 2).
    public struct Written: Codable, Equatable, Sendable {
        public var output: String
        public var value: Value

        public init(output: String, value: Value) {
            self.output = output
            self.value = value
        }
    }

    /// The instant the snapshot was taken (the engine's `now`).
    public var taken: Int64
    public var states: [State] = []
    /// Level rules that were active: they are active again at the restart, without running `then` again, and
    /// the start-up evaluation releases those whose condition no longer holds.
    public var active: [String] = []
    public var forClocks: [ForClock] = []
    public var runs: [Run] = []
    public var pulses: [Pulse] = []
    public var changeLimits: [ChangeLimit] = []
    public var written: [Written] = []

    public init(taken: Int64) {
        self.taken = taken
    }
}

/// A value as one-key JSON objects: `{"number":31.5}`, `{"bool":true}`, `{"string":"x"}`, `{"duration":60000}`
/// (milliseconds), `{"timeOfDay":27000000}`, `{"instant":1774738800000}`, and `{"none":true}`.
extension Value: Codable {
    private enum Key: String, CodingKey {
        case none, bool, number, string, duration, timeOfDay, instant
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        guard c.allKeys.count == 1, let key = c.allKeys.first else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "a value is an object with one key"))
        }
        switch key {
        case .none: self = .none
        case .bool: self = .bool(try c.decode(Bool.self, forKey: key))
        case .number: self = .number(try c.decode(Double.self, forKey: key))
        case .string: self = .string(try c.decode(String.self, forKey: key))
        case .duration: self = .duration(try c.decode(Int64.self, forKey: key))
        case .timeOfDay: self = .timeOfDay(try c.decode(Int64.self, forKey: key))
        case .instant: self = .instant(try c.decode(Int64.self, forKey: key))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        switch self {
        case .none: try c.encode(true, forKey: .none)
        case .bool(let b): try c.encode(b, forKey: .bool)
        case .number(let x): try c.encode(x, forKey: .number)
        case .string(let s): try c.encode(s, forKey: .string)
        case .duration(let ms): try c.encode(ms, forKey: .duration)
        case .timeOfDay(let ms): try c.encode(ms, forKey: .timeOfDay)
        case .instant(let ms): try c.encode(ms, forKey: .instant)
        }
    }
}
