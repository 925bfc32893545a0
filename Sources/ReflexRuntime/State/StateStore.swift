import Glibc
import ReflexCore

/// The engine's snapshot kept in the state directory (`state.json`), so that `reflex run` goes on where it
/// stopped (SPEC "Restarts").
///
/// One small JSON file, replaced whole: written to `state.json.tmp`, fsync'ed, renamed over `state.json`, and the
/// directory fsync'ed so the rename itself is on disk. After a crash at any point the file is the old snapshot or
/// the new one, never a mix. A file rather than a row in SQLite: the snapshot is one document that is always
/// written whole, there is no query to run on it, a reader needs nothing but `cat`, and a corrupt file is set aside
/// with one rename (a database would bring its `-wal` and `-shm` files along).
///
/// Cost: `save` is called after every engine batch. It compares the new snapshot with the last one saved (an
/// Equatable comparison of a few short arrays, cheap at the rate messages arrive) and writes only when something
/// kept changed: a state value, a clock, a pending run, a pulse, an output's written value. The snapshot itself is
/// taken by the caller once per batch, outside the engine's update and timer paths.
///
/// Loop-bound: used on the loop's thread only.
final class StateStore {
    /// What `load` found.
    enum Loaded {
        /// No snapshot: a first start.
        case nothing
        case restored(EngineSnapshot)
        /// The file did not read back; it was renamed to `setAsideAs` (nil when even that failed).
        case unreadable(reason: String, setAsideAs: String?)
    }

    let path: String
    private let directory: String
    /// The last snapshot written or read, with its `taken` instant ignored.
    private var saved: EngineSnapshot?

    init(directory: String) {
        self.directory = directory
        path = directory + "/state.json"
    }

    /// Reads the snapshot; one that does not read back is set aside as `state.json.corrupt-<milliseconds>`.
    func load(now: Int64) -> Loaded {
        let bytes: [UInt8]
        do throws(SystemError) {
            bytes = try Self.read(path)
        } catch where error.errno == ENOENT {
            return .nothing
        } catch {
            return setAside("\(error)", now: now)
        }
        do throws(SnapshotJSON.Unreadable) {
            let snapshot = try SnapshotJSON.decode(bytes)
            saved = snapshot
            return .restored(snapshot)
        } catch {
            return setAside(error.description, now: now)
        }
    }

    private func setAside(_ reason: String, now: Int64) -> Loaded {
        let aside = "\(path).corrupt-\(now)"
        do throws(SystemError) {
            try SystemCall.check("rename(\(path), \(aside))") { rename(path, aside) }
            return .unreadable(reason: reason, setAsideAs: aside)
        } catch {
            return .unreadable(reason: "\(reason); \(error)", setAsideAs: nil)
        }
    }

    /// Writes `snapshot` unless it keeps the same as the last one saved; true when it wrote.
    @discardableResult
    func save(_ snapshot: EngineSnapshot) throws(SystemError) -> Bool {
        if var last = saved {
            last.taken = snapshot.taken
            if last == snapshot { return false }
        }
        let temporary = path + ".tmp"
        let bytes = Array(SnapshotJSON.encode(snapshot).utf8)
        let file = try SystemCall.check("open(\(temporary))") {
            open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        }
        do throws(SystemError) {
            var written = 0
            while written < bytes.count {
                written += try SystemCall.check("write(\(temporary))") {
                    bytes.withUnsafeBytes { Glibc.write(file, $0.baseAddress! + written, $0.count - written) }
                }
            }
            try SystemCall.check("fsync(\(temporary))") { fsync(file) }
        } catch {
            SystemCall.close(file)
            throw error
        }
        SystemCall.close(file)
        try SystemCall.check("rename(\(temporary), \(path))") { rename(temporary, path) }
        let folder = try SystemCall.check("open(\(directory))") { open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        defer { SystemCall.close(folder) }
        try SystemCall.check("fsync(\(directory))") { fsync(folder) }
        saved = snapshot
        return true
    }

    private static func read(_ path: String) throws(SystemError) -> [UInt8] {
        let file = try SystemCall.check("open(\(path))") { open(path, O_RDONLY | O_CLOEXEC) }
        defer { SystemCall.close(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = try SystemCall.check("read(\(path))") {
                buffer.withUnsafeMutableBytes { Glibc.read(file, $0.baseAddress, $0.count) }
            }
            if count == 0 { return bytes }
            bytes += buffer[0..<count]
        }
    }
}
