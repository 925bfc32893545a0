import ReflexRuntime
import XCTest

extension EventLoop {
    /// Runs the loop until `condition` holds; fails the test (and returns false) if `seconds` pass first.
    /// The time limit is itself a loop timer: the thread waits in epoll_wait throughout.
    @discardableResult
    func run(
        for seconds: Int64 = 10, until condition: () -> Bool, _ what: @autoclosure () -> String,
        file: StaticString = #filePath, line: UInt = #line
    ) -> Bool {
        var timedOut = false
        let limit = makeTimer { timedOut = true }
        limit.arm(after: seconds * 1000)
        defer { limit.disarm() }
        do {
            try run(until: { timedOut || condition() })
        } catch {
            XCTFail("the loop failed: \(error)", file: file, line: line)
            return false
        }
        if condition() { return true }
        XCTFail("timed out after \(seconds) s waiting for \(what())", file: file, line: line)
        return false
    }
}
