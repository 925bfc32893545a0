import ReflexConfig
import ReflexCore

/// Where and how the MQTT driver connects: the rule set's `mqtt:` block with defaults applied and secrets read.
package struct BrokerSettings: Sendable {
    /// TLS for an `mqtts://` broker; the broker's certificate is verified unless `verify` is false.
    package struct TLS: Sendable {
        /// The CA certificate file; nil uses the system's CA store.
        package var ca: String?
        /// A client certificate and its key, for brokers that ask for one (both or neither).
        package var certificate: String?
        package var key: String?
        package var verify: Bool

        package init(ca: String? = nil, certificate: String? = nil, key: String? = nil, verify: Bool = true) {
            self.ca = ca
            self.certificate = certificate
            self.key = key
            self.verify = verify
        }
    }

    package var host: String
    package var port: Int
    /// Non-nil for `mqtts://`.
    package var tls: TLS?
    package var clientID: String
    package var username: String?
    package var password: String?
    /// Seconds; libmosquitto accepts 5 to 65535.
    package var keepalive: Int
    /// Where `online` is published (retained) on connect, and `offline` left as the will.
    package var statusTopic: String?

    /// The keepalive when `mqtt:` gives none (SPEC §1 shows 30s).
    package static let defaultKeepalive = 30

    package init(
        host: String = "127.0.0.1", port: Int = 1883, tls: TLS? = nil, clientID: String,
        username: String? = nil, password: String? = nil, keepalive: Int = defaultKeepalive, statusTopic: String? = nil
    ) {
        self.host = host
        self.port = port
        self.tls = tls
        self.clientID = clientID
        self.username = username
        self.password = password
        self.keepalive = keepalive
        self.statusTopic = statusTopic
    }

    /// The settings a rule set asks for (`mqtt` may be absent: all defaults), for the site `site`.
    ///
    /// Throws when `reflex run` must refuse to start: a `${VAR}` that is not set, a password file that cannot be
    /// read, or TLS files given for a plain `mqtt://` broker (they would silently go unused).
    package init(_ mqtt: MQTTSettings?, site: String) throws(BrokerError) {
        let broker = mqtt?.broker?.value ?? MQTTSettings.Broker(tls: false, host: "127.0.0.1", port: 1883)
        self.init(host: broker.host, port: broker.port, clientID: "reflex-\(site)")
        guard let mqtt else { return }
        if let text = mqtt.clientID { clientID = try Self.resolve(text, "client_id") }
        if let text = mqtt.username { username = try Self.resolve(text, "username") }
        if let text = mqtt.password { password = try Self.resolve(text, "password") }
        if let text = mqtt.passwordFile { password = try Self.readPassword(Self.resolve(text, "password_file")) }
        if let milliseconds = mqtt.keepalive?.value {
            // The rule format allows from 1 s; libmosquitto refuses less than 5 s.
            keepalive = Int(min(max(milliseconds / 1000, 5), 65_535))
        }
        statusTopic = mqtt.statusTopic?.value
        if broker.tls {
            tls = TLS(
                ca: mqtt.tls?.ca?.value, certificate: mqtt.tls?.cert?.value, key: mqtt.tls?.key?.value,
                verify: mqtt.tls?.verify?.value ?? true)
        } else if let given = mqtt.tls {
            throw BrokerError(
                .settings("mqtt: 'tls' is set at \(given.range) but the broker is mqtt://; use mqtts:// for TLS"))
        }
    }

    /// How people see the broker: `mqtt://host:port` or `mqtts://host:port`.
    package var address: String { "\(tls == nil ? "mqtt" : "mqtts")://\(host):\(port)" }

    private static func resolve(_ text: Located<SettingText>, _ key: String) throws(BrokerError) -> String {
        if let value = text.value.resolved { return value }
        let names = text.value.missing.map { "'\($0)'" }.joined(separator: ", ")
        throw BrokerError(.settings("mqtt: '\(key)' needs the environment variable \(names), which is not set"))
    }

    /// The first line of the password file (a trailing newline is not part of the password).
    private static func readPassword(_ path: String) throws(BrokerError) -> String {
        switch FileSystem.read(path, limit: 64 << 10) {
        case .success(let bytes):
            let firstLine = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).first ?? []
            let line = firstLine.last == UInt8(ascii: "\r") ? firstLine.dropLast() : firstLine[...]
            return String(decoding: line, as: UTF8.self)
        case .failure(let error):
            throw BrokerError(.settings("mqtt: cannot read the password file '\(path)': \(error)"))
        }
    }
}
