import CMosquitto
import Glibc

/// The one place libmosquitto return codes are checked: anything but MOSQ_ERR_SUCCESS becomes a `BrokerError`
/// carrying the call, the code and the errno the call left (which MOSQ_ERR_ERRNO and MOSQ_ERR_EAI refer to).
enum MosquittoCall {
    /// Runs `body` and returns the failure it reported, or nil on success.
    static func failure(_ call: @autoclosure () -> String, _ body: () -> Int32) -> BrokerError? {
        let code = body()
        let cause = Glibc.errno
        if code == MOSQ_ERR_SUCCESS.rawValue { return nil }
        return BrokerError(.library(call: call(), code: code, errno: cause))
    }

    /// Runs `body`; a failure throws.
    static func check(_ call: @autoclosure () -> String, _ body: () -> Int32) throws(BrokerError) {
        if let error = failure(call(), body) { throw error }
    }

    /// libmosquitto's process-wide set-up, run once before the first client is made (nil when it worked).
    static let libraryReady: BrokerError? = failure("mosquitto_lib_init") { mosquitto_lib_init() }
}
