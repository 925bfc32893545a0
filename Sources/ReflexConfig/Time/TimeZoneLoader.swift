import Glibc
import ReflexCore

/// Reads time zone rules from the system's TZif files, by name or as the system's own zone.
public enum TimeZoneLoader {
    public static let defaultDirectory = "/usr/share/zoneinfo"

    /// The zone `name` (such as `Europe/Berlin`) from `directory`. Names that are empty, absolute, hold `..`
    /// or a NUL are refused before anything is read.
    public static func load(
        name: String, directory: String = defaultDirectory
    ) -> Result<TimeZoneRules, TimeZoneLoadError> {
        guard !name.isEmpty, !name.hasPrefix("/"), !name.contains(".."), !name.utf8.contains(0) else {
            return .failure(.invalidName(name))
        }
        return read(path: FileSystem.join(directory, name), name: name)
    }

    /// The system's zone: `$TZ` (a zone name, optionally after `:`, or a POSIX TZ string such as
    /// `CET-1CEST,M3.5.0,M10.5.0/3`), else the zone `/etc/localtime` links to, else the bytes of
    /// `/etc/localtime` (named `localtime`), else UTC. An empty or unusable `$TZ` is passed over.
    public static func system() -> TimeZoneRules {
        system(tz: getenv("TZ").map { String(cString: $0) }, localtime: "/etc/localtime", directory: defaultDirectory)
    }

    static func system(tz: String?, localtime: String, directory: String) -> TimeZoneRules {
        if let tz, let rules = fromEnvironment(tz, directory: directory) { return rules }
        if let target = linkTarget(localtime), let name = zoneName(linkTarget: target) {
            if case .success(let rules) = read(path: localtime, name: name) { return rules }
        }
        if case .success(let rules) = read(path: localtime, name: "localtime") { return rules }
        return .utc
    }

    private static func fromEnvironment(_ value: String, directory: String) -> TimeZoneRules? {
        let text = value.hasPrefix(":") ? String(value.dropFirst()) : value
        guard !text.isEmpty else { return nil }
        if text.hasPrefix("/") {
            let name = text.hasPrefix(directory + "/") ? String(text.dropFirst(directory.count + 1)) : text
            return try? read(path: text, name: name).get()
        }
        if case .success(let rules) = load(name: text, directory: directory) { return rules }
        return try? TimeZoneRules(posixRule: text, name: text)
    }

    private static func read(path: String, name: String) -> Result<TimeZoneRules, TimeZoneLoadError> {
        switch FileSystem.read(path, limit: 1 << 20) {
        case .failure(let error):
            if error.code == ENOENT || error.code == ENOTDIR || error.code == EISDIR {
                return .failure(.unknownZone(name))
            }
            return .failure(.unreadable(name: name, reason: error.description))
        case .success(let bytes):
            do {
                return .success(try TimeZoneRules(tzif: bytes, name: name))
            } catch let error as TimeZoneError {
                return .failure(.invalidData(name: name, error))
            } catch {
                return .failure(.invalidData(name: name, .invalidData("\(error)")))
            }
        }
    }

    /// The part of a link target after its last `zoneinfo` component (`../usr/share/zoneinfo/Europe/Berlin`
    /// names `Europe/Berlin`).
    static func zoneName(linkTarget: String) -> String? {
        let parts = linkTarget.split(separator: "/", omittingEmptySubsequences: true)
        guard let index = parts.lastIndex(of: "zoneinfo"), index + 1 < parts.count else { return nil }
        return parts[(index + 1)...].joined(separator: "/")
    }

    /// Where the symbolic link at `path` points, or nil when it is not one.
    private static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
