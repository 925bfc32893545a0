import CCurl
import Glibc

/// Sends one webhook request on a thread of its own and reports how it ended; the loop never waits for HTTP.
///
/// libcurl rather than FoundationNetworking, for the footprint on a single-board computer. libcurl is 0.7 MB
/// (Debian 12's libcurl.so.4.8.0; its TLS library is shared with libmosquitto) and often already installed.
/// FoundationNetworking uses that same libcurl underneath and brings Foundation with it: measured in the Swift
/// 6.3.1 Linux toolchain, libFoundationNetworking 1.8 MB + libFoundation 8.6 MB + libFoundationEssentials 10 MB
/// + libFoundationInternationalization 3.6 MB + lib_FoundationICU (ICU's data) 39 MB, about 63 MB to ship and
/// map into a process that otherwise uses none of it.
/// The request is a plain blocking `curl_easy_perform`: notifications are rare, so a short-lived thread per
/// request is simpler than a multi handle on the loop, and its result comes back through a `LoopInbox`.
///
/// TLS is verified (libcurl's default, kept explicit), redirects are not followed, and signals are not used for
/// timeouts (CURLOPT_NOSIGNAL), as threads require.
package enum WebhookSender {
    /// libcurl's process-wide set-up, done once before the first request (nil when it worked).
    private static let libraryReady: CurlError? = {
        do throws(CurlError) {
            try CurlError.check("curl_global_init", curl_global_init(Int(CURL_GLOBAL_DEFAULT)))
            return nil
        } catch {
            return error
        }
    }()

    /// Starts sending `body` to `target` with `id` as its Idempotency-Key; `report` runs on the sending thread.
    package static func send(
        _ body: String, id: String, to target: WebhookTarget, report: @escaping @Sendable (WebhookOutcome) -> Void
    ) {
        if let failure = libraryReady {
            report(.retry(reason: failure.description, retryAfter: nil))
            return
        }
        let job = Job(run: { report(perform(body, id: id, target: target)) })
        let context = Unmanaged.passRetained(job).toOpaque()
        var thread = pthread_t()
        let code = pthread_create(
            &thread, nil,
            { context in
                let job = Unmanaged<Job>.fromOpaque(context!).takeRetainedValue()
                job.run()
                return nil
            }, context)
        guard code == 0 else {
            Unmanaged<Job>.fromOpaque(context).release()
            report(.retry(reason: SystemError(call: "pthread_create", errno: code).description, retryAfter: nil))
            return
        }
        pthread_detach(thread)
    }

    /// The closure a thread runs, boxed to cross pthread_create's context pointer.
    private final class Job: Sendable {
        let run: @Sendable () -> Void
        init(run: @escaping @Sendable () -> Void) { self.run = run }
    }

    /// Sends the request and waits for its end, on the calling thread.
    static func perform(_ body: String, id: String, target: WebhookTarget) -> WebhookOutcome {
        guard let handle = curl_easy_init() else {
            return .retry(reason: "curl_easy_init failed", retryAfter: nil)
        }
        defer { curl_easy_cleanup(handle) }
        var headers: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headers) }
        for line in ["Content-Type: application/json", "Idempotency-Key: \(id)"] + target.headers {
            guard let longer = curl_slist_append(headers, line) else {
                return .retry(reason: "curl_slist_append failed", retryAfter: nil)
            }
            headers = longer
        }
        // Written by the header callback during curl_easy_perform, so it must outlive that call.
        let retryAfter = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        retryAfter.initialize(to: -1)
        defer { retryAfter.deallocate() }
        do throws(CurlError) {
            try CurlError.check("CURLOPT_URL", reflex_curl_set_pointer(handle, CURLOPT_URL, target.url))
            try CurlError.check(
                "CURLOPT_CUSTOMREQUEST", reflex_curl_set_pointer(handle, CURLOPT_CUSTOMREQUEST, target.method))
            try CurlError.check("CURLOPT_POST", reflex_curl_set_long(handle, CURLOPT_POST, 1))
            try CurlError.check("CURLOPT_COPYPOSTFIELDS", reflex_curl_set_pointer(handle, CURLOPT_COPYPOSTFIELDS, body))
            try CurlError.check("CURLOPT_HTTPHEADER", reflex_curl_set_pointer(handle, CURLOPT_HTTPHEADER, headers))
            try CurlError.check(
                "CURLOPT_TIMEOUT_MS", reflex_curl_set_long(handle, CURLOPT_TIMEOUT_MS, Int(target.timeout)))
            try CurlError.check("CURLOPT_NOSIGNAL", reflex_curl_set_long(handle, CURLOPT_NOSIGNAL, 1))
            try CurlError.check("CURLOPT_SSL_VERIFYPEER", reflex_curl_set_long(handle, CURLOPT_SSL_VERIFYPEER, 1))
            try CurlError.check("CURLOPT_SSL_VERIFYHOST", reflex_curl_set_long(handle, CURLOPT_SSL_VERIFYHOST, 2))
            try CurlError.check("callbacks", reflex_curl_set_callbacks(handle, retryAfter))
            try CurlError.check("curl_easy_perform(\(target.url))", curl_easy_perform(handle))
            var status = 0
            try CurlError.check("CURLINFO_RESPONSE_CODE", reflex_curl_response_code(handle, &status))
            return .of(status: status, retryAfter: retryAfter.pointee >= 0 ? Int64(retryAfter.pointee) : nil)
        } catch {
            return .retry(reason: error.description, retryAfter: nil)
        }
    }
}
