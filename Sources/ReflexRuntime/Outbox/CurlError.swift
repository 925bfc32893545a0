import CCurl

/// A failed libcurl call: which call, the CURLcode and libcurl's text for it.
package struct CurlError: Error, Sendable, Equatable, CustomStringConvertible {
    package let call: String
    package let code: UInt32
    package let message: String

    package var description: String { "\(call): \(message) (curl code \(code))" }

    /// The one place libcurl result codes are checked: anything but CURLE_OK throws.
    static func check(_ call: @autoclosure () -> String, _ code: CURLcode) throws(CurlError) {
        guard code != CURLE_OK else { return }
        throw CurlError(call: call(), code: code.rawValue, message: String(cString: curl_easy_strerror(code)))
    }
}
