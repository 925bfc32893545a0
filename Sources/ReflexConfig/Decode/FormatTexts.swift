import Glibc
import ReflexCore

/// A problem in a small piece of text, at a Unicode-scalar offset.
struct TextFailure: Error {
    var message: String
    var offset: Int
}

/// MQTT topic names (for publishing) and filters (for subscribing), as the MQTT 3.1.1 spec defines them.
enum TopicText {
    static func checkFilter(_ topic: String) -> TextFailure? {
        let s = Array(topic.unicodeScalars)
        if s.isEmpty { return TextFailure(message: "a topic cannot be empty", offset: 0) }
        if topic.utf8.count > 65_535 { return TextFailure(message: "a topic is at most 65535 bytes", offset: 0) }
        for (i, c) in s.enumerated() {
            if c.value == 0 { return TextFailure(message: "a topic cannot hold a NUL character", offset: i) }
            if c == "+" {
                let okBefore = i == 0 || s[i - 1] == "/"
                let okAfter = i == s.count - 1 || s[i + 1] == "/"
                if !okBefore || !okAfter {
                    return TextFailure(message: "'+' must stand alone between '/' in a topic filter", offset: i)
                }
            }
            if c == "#" {
                if i != s.count - 1 || (i > 0 && s[i - 1] != "/") {
                    return TextFailure(message: "'#' must be the last level of a topic filter (a/b/#)", offset: i)
                }
            }
        }
        return nil
    }

    static func checkTopic(_ topic: String) -> TextFailure? {
        if let i = Array(topic.unicodeScalars).firstIndex(where: { $0 == "+" || $0 == "#" }) {
            return TextFailure(message: "a topic to publish to cannot hold the wildcards '+' or '#'", offset: i)
        }
        return checkFilter(topic)
    }
}

/// `mqtt://host:port` and `mqtts://host:port` broker addresses.
enum BrokerURL {
    static func parse(_ text: String) -> Result<MQTTSettings.Broker, TextFailure> {
        let tls: Bool
        let rest: Substring
        if text.hasPrefix("mqtt://") {
            tls = false
            rest = text.dropFirst(7)
        } else if text.hasPrefix("mqtts://") {
            tls = true
            rest = text.dropFirst(8)
        } else {
            return .failure(TextFailure(message: "a broker URL starts with mqtt:// or mqtts:// (TLS)", offset: 0))
        }
        let prefix = tls ? 8 : 7
        var host = Substring(rest)
        var port = tls ? 8883 : 1883
        if host.hasSuffix("/") { host = host.dropLast() }
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else {
                return .failure(TextFailure(message: "unclosed '[' in an IPv6 broker address", offset: prefix))
            }
            let after = host[host.index(after: close)...]
            let address = host[host.index(after: host.startIndex)..<close]
            if !after.isEmpty {
                guard after.hasPrefix(":"), let p = Int(after.dropFirst()), (1...65_535).contains(p) else {
                    return .failure(TextFailure(message: "expected a port from 1 to 65535 after the broker address",
                                                offset: prefix + address.count + 2))
                }
                port = p
            }
            host = address
        } else if let colon = host.lastIndex(of: ":") {
            let portText = host[host.index(after: colon)...]
            guard let p = Int(portText), (1...65_535).contains(p) else {
                return .failure(TextFailure(message: "expected a port from 1 to 65535 after ':'",
                                            offset: prefix + host.distance(from: host.startIndex, to: colon) + 1))
            }
            port = p
            host = host[..<colon]
        }
        if host.isEmpty { return .failure(TextFailure(message: "the broker URL needs a host", offset: prefix)) }
        if let bad = host.unicodeScalars.firstIndex(where: { $0 == "/" || $0 == "@" || $0 == " " || $0 == "?" }) {
            let offset = prefix + host.unicodeScalars.distance(from: host.unicodeScalars.startIndex, to: bad)
            return .failure(TextFailure(message: "unexpected character in the broker host", offset: offset))
        }
        return .success(MQTTSettings.Broker(tls: tls, host: String(host), port: port))
    }
}

/// `${NAME}` references to environment variables inside settings.
enum EnvironmentText {
    static func resolve(_ text: String, environment: [String: String]) -> Result<SettingText, TextFailure> {
        let s = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var missing: [String] = []
        var referenced = false
        var i = 0
        while i < s.count {
            if s[i] == "$", i + 1 < s.count, s[i + 1] == "{" {
                guard let close = s[(i + 2)...].firstIndex(of: "}") else {
                    return .failure(TextFailure(message: "unclosed '${' (write ${NAME})", offset: i))
                }
                let name = String(String.UnicodeScalarView(s[(i + 2)..<close]))
                guard isVariableName(name) else {
                    return .failure(TextFailure(message: "'${\(name)}' is not a valid environment variable name",
                                                offset: i))
                }
                referenced = true
                if let v = environment[name] { out.append(contentsOf: v.unicodeScalars) } else { missing.append(name) }
                i = close + 1
            } else {
                out.append(s[i])
                i += 1
            }
        }
        return .success(SettingText(raw: text, resolved: missing.isEmpty ? String(out) : nil, missing: missing,
                                    referencesEnvironment: referenced))
    }

    static func isVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy {
            ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
        }
    }
}

/// `$.a.b[0]` and `$['key with space']` paths into a JSON payload.
enum JSONPathText {
    static func parse(_ text: String) -> Result<JSONPath, TextFailure> {
        let s = Array(text.unicodeScalars)
        guard s.first == "$" else {
            return .failure(TextFailure(message: "a JSON path starts with '$' (such as $.celsius)", offset: 0))
        }
        var parts: [JSONPath.Component] = []
        var i = 1
        func isKeyChar(_ c: Unicode.Scalar) -> Bool {
            ("A"..."Z").contains(c) || ("a"..."z").contains(c) || ("0"..."9").contains(c) || c == "_" || c == "-"
        }
        while i < s.count {
            if s[i] == "." {
                let start = i + 1
                var j = start
                while j < s.count, isKeyChar(s[j]) { j += 1 }
                if j == start {
                    return .failure(TextFailure(message: "expected a key name after '.' in the JSON path", offset: start))
                }
                parts.append(.key(String(String.UnicodeScalarView(s[start..<j]))))
                i = j
            } else if s[i] == "[" {
                var j = i + 1
                if j < s.count, s[j] == "'" || s[j] == "\"" {
                    let quote = s[j]
                    let start = j + 1
                    guard let end = s[start...].firstIndex(of: quote) else {
                        return .failure(TextFailure(message: "unclosed quote in the JSON path", offset: j))
                    }
                    guard end + 1 < s.count, s[end + 1] == "]" else {
                        return .failure(TextFailure(message: "expected ']' in the JSON path", offset: end + 1))
                    }
                    parts.append(.key(String(String.UnicodeScalarView(s[start..<end]))))
                    i = end + 2
                    continue
                }
                let start = j
                while j < s.count, ("0"..."9").contains(s[j]) { j += 1 }
                guard j > start, j < s.count, s[j] == "]", let n = Int(String(String.UnicodeScalarView(s[start..<j]))),
                      n <= 1_000_000
                else {
                    return .failure(TextFailure(message: "expected an index such as [0] or a key such as ['name']",
                                                offset: start))
                }
                parts.append(.index(n))
                i = j + 1
            } else {
                return .failure(TextFailure(message: "expected '.key' or '[index]' in the JSON path", offset: i))
            }
        }
        if parts.count > 32 { return .failure(TextFailure(message: "a JSON path has at most 32 parts", offset: 0)) }
        return .success(JSONPath(components: parts, text: text))
    }
}

/// HTTP header field names (RFC 9110 tokens).
enum HTTPHeaderName {
    static func isValid(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { c in
            ("A"..."Z").contains(c) || ("a"..."z").contains(c) || ("0"..."9").contains(c) || "!#$%&'*+-.^_`|~".unicodeScalars.contains(c)
        }
    }
}

/// IANA time zone names as installed under /usr/share/zoneinfo.
package enum TimeZoneNames {
    package static func exists(_ name: String, in directory: String) -> Bool {
        guard !name.isEmpty, !name.hasPrefix("/"), !name.contains(".."), !name.contains("\0") else { return false }
        var st = stat()
        guard stat(directory + "/" + name, &st) == 0 else { return false }
        return (st.st_mode & S_IFMT) == S_IFREG
    }

    /// Zone names in the same region folder as `name` (for suggestions).
    package static func candidates(near name: String, in directory: String) -> [String] {
        let parts = name.split(separator: "/", maxSplits: 1)
        var out: [String] = []
        let regions = parts.count == 2 ? [String(parts[0])] + listing(directory).filter { $0 != String(parts[0]) } : [""]
        for region in regions.prefix(parts.count == 2 ? 16 : 1) {
            let folder = region.isEmpty ? directory : directory + "/" + region
            for entry in listing(folder) { out.append(region.isEmpty ? entry : region + "/" + entry) }
        }
        return out
    }

    /// Zone names in a folder: its entries that start with an uppercase letter (not `posixrules`, `zone.tab`).
    private static func listing(_ folder: String) -> [String] {
        FileSystem.entries(folder).filter { $0.first?.isUppercase == true }
    }
}
