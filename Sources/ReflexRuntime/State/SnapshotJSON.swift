import ReflexCore

/// The engine's snapshot as JSON text and back, written out by hand because the runtime does without Foundation
/// (its `JSONEncoder` is the only Codable coder there is). Values use the same one-key objects as
/// `Value`'s Codable form (`{"number":31.5}`); instants are whole milliseconds, which a JSON number (a double)
/// holds exactly.
enum SnapshotJSON {
    /// Why a snapshot file did not read back.
    struct Unreadable: Error, CustomStringConvertible {
        var description: String
    }

    static let format = 1

    static func encode(_ s: EngineSnapshot) -> String {
        var out = "{\"format\":\(format),\"taken\":\(s.taken)"
        out += ",\"states\":" + list(s.states) { state in
            "{\"name\":\(ValueText.jsonString(state.name)),\"value\":\(value(state.value)),"
                + "\"previous\":\(value(state.previous)),\"updated\":\(state.updated),\"changed\":\(state.changed)}"
        }
        out += ",\"active\":" + list(s.active) { ValueText.jsonString($0) }
        out += ",\"forClocks\":" + list(s.forClocks) {
            "{\"rule\":\(ValueText.jsonString($0.rule)),\"deadline\":\($0.deadline)}"
        }
        out += ",\"runs\":" + list(s.runs) { run in
            "{\"rule\":\(ValueText.jsonString(run.rule)),\"list\":\"\(run.list.rawValue)\",\"next\":\(run.next)"
                + (run.resume.map { ",\"resume\":\($0)" } ?? "") + "}"
        }
        out += ",\"pulses\":" + list(s.pulses) { p in
            "{\"output\":\(ValueText.jsonString(p.output)),\"end\":\(p.end)"
                + (p.restore.map { ",\"restore\":\(value($0))" } ?? "")
                + (p.rule.map { ",\"rule\":\(ValueText.jsonString($0))" } ?? "") + "}"
        }
        out += ",\"changeLimits\":" + list(s.changeLimits) { c in
            "{\"output\":\(ValueText.jsonString(c.output)),\"lastChange\":\(c.lastChange)"
                + (c.pending.map { ",\"pending\":\(value($0))" } ?? "") + ",\"driven\":\(value(c.driven))}"
        }
        out += ",\"written\":" + list(s.written) {
            "{\"output\":\(ValueText.jsonString($0.output)),\"value\":\(value($0.value))}"
        }
        return out + "}\n"
    }

    static func decode(_ bytes: [UInt8]) throws(Unreadable) -> EngineSnapshot {
        let root: JSONValue
        switch JSONParser.parse(bytes) {
        case .success(let parsed): root = parsed
        case .failure(let error): throw Unreadable(description: "not JSON: \(error)")
        }
        guard try int(root, "format") == Int64(format) else {
            throw Unreadable(description: "format \(root["format"].map { "\($0)" } ?? "missing"), expected \(format)")
        }
        var s = EngineSnapshot(taken: try int(root, "taken"))
        for item in try array(root, "states") {
            s.states.append(.init(name: try string(item, "name"), value: try value(item, "value"),
                                  previous: try value(item, "previous"), updated: try int(item, "updated"),
                                  changed: try int(item, "changed")))
        }
        for item in try array(root, "active") {
            guard case .string(let name) = item else { throw Unreadable(description: "'active' holds a non-string") }
            s.active.append(name)
        }
        for item in try array(root, "forClocks") {
            s.forClocks.append(.init(rule: try string(item, "rule"), deadline: try int(item, "deadline")))
        }
        for item in try array(root, "runs") {
            guard let list = EngineSnapshot.List(rawValue: try string(item, "list")) else {
                throw Unreadable(description: "a run's list is neither then nor else")
            }
            s.runs.append(.init(rule: try string(item, "rule"), list: list, next: Int(try int(item, "next")),
                                resume: item["resume"] == nil ? nil : try int(item, "resume")))
        }
        for item in try array(root, "pulses") {
            s.pulses.append(.init(output: try string(item, "output"), end: try int(item, "end"),
                                  restore: item["restore"] == nil ? nil : try value(item, "restore"),
                                  rule: item["rule"] == nil ? nil : try string(item, "rule")))
        }
        for item in try array(root, "changeLimits") {
            s.changeLimits.append(.init(output: try string(item, "output"), lastChange: try int(item, "lastChange"),
                                        pending: item["pending"] == nil ? nil : try value(item, "pending"),
                                        driven: try value(item, "driven")))
        }
        for item in try array(root, "written") {
            s.written.append(.init(output: try string(item, "output"), value: try value(item, "value")))
        }
        return s
    }

    // MARK: Writing

    private static func list<T>(_ items: [T], _ each: (T) -> String) -> String {
        "[" + items.map(each).joined(separator: ",") + "]"
    }

    private static func value(_ v: Value) -> String {
        switch v {
        case .none: "{\"none\":true}"
        case .bool(let b): "{\"bool\":\(b)}"
        // A number that JSON cannot write (infinite, NaN) is kept as none rather than as a file that does not read.
        case .number(let x): x.isFinite ? "{\"number\":\(x)}" : "{\"none\":true}"
        case .string(let text): "{\"string\":\(ValueText.jsonString(text))}"
        case .duration(let ms): "{\"duration\":\(ms)}"
        case .timeOfDay(let ms): "{\"timeOfDay\":\(ms)}"
        case .instant(let ms): "{\"instant\":\(ms)}"
        }
    }

    // MARK: Reading

    private static func member(_ object: JSONValue, _ key: String) throws(Unreadable) -> JSONValue {
        guard case .object = object, let found = object[key] else { throw Unreadable(description: "'\(key)' is missing") }
        return found
    }

    private static func array(_ object: JSONValue, _ key: String) throws(Unreadable) -> [JSONValue] {
        guard case .array(let items) = try member(object, key) else { throw Unreadable(description: "'\(key)' is not a list") }
        return items
    }

    private static func string(_ object: JSONValue, _ key: String) throws(Unreadable) -> String {
        guard case .string(let text) = try member(object, key) else { throw Unreadable(description: "'\(key)' is not a string") }
        return text
    }

    private static func whole(_ json: JSONValue, _ key: String) throws(Unreadable) -> Int64 {
        guard case .number(let x) = json, x == x.rounded(), abs(x) < 9_007_199_254_740_992 else {
            throw Unreadable(description: "'\(key)' is not a whole number")
        }
        return Int64(x)
    }

    private static func int(_ object: JSONValue, _ key: String) throws(Unreadable) -> Int64 {
        try whole(try member(object, key), key)
    }

    private static func value(_ object: JSONValue, _ key: String) throws(Unreadable) -> Value {
        guard case .object(let members) = try member(object, key), members.count == 1, let only = members.first else {
            throw Unreadable(description: "'\(key)' is not a value")
        }
        switch (only.key, only.value) {
        case ("none", _): return .none
        case ("bool", .bool(let b)): return .bool(b)
        case ("number", .number(let x)): return .number(x)
        case ("string", .string(let text)): return .string(text)
        case ("duration", let n): return .duration(try whole(n, key))
        case ("timeOfDay", let n): return .timeOfDay(try whole(n, key))
        case ("instant", let n): return .instant(try whole(n, key))
        default: throw Unreadable(description: "'\(key)' is not a value")
        }
    }
}
