/// Where and how an HTTP notifier delivers: the resolved URL, method, extra headers and time limit.
package struct WebhookTarget: Sendable, Equatable {
    package var url: String
    /// `POST` (the default) or `PUT`.
    package var method: String
    /// Extra headers as `Name: value`, with `${VAR}` already expanded by the config loader.
    package var headers: [String]
    /// The whole request's time limit, milliseconds.
    package var timeout: Int64

    package init(url: String, method: String = "POST", headers: [String] = [], timeout: Int64 = 10_000) {
        self.url = url
        self.method = method
        self.headers = headers
        self.timeout = timeout
    }
}
