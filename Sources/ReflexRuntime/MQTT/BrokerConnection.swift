import CMosquitto
import CReflexShims
import Glibc

/// The rule set's connection to its MQTT broker: libmosquitto driven from the `EventLoop`, never blocking it.
///
/// The library runs no thread of its own here. Its socket is watched by the loop: readable calls
/// `mosquitto_loop_read`, writable (asked for only while `mosquitto_want_write`) calls `mosquitto_loop_write`,
/// and a loop timer calls `mosquitto_loop_misc` once a second for keepalive. libmosquitto's callbacks therefore
/// run on the loop's thread, inside those calls; they find this object through the library's userdata pointer.
///
/// Connecting never blocks (`mosquitto_connect_async` on a non-blocking socket; the socket becoming writable is
/// progress). A failed attempt or a lost connection is retried after a `ReconnectBackoff` wait on a loop timer.
/// After every successful connect the subscriptions are sent again, the last retained payload of every topic is
/// published again, and `online` is published (retained) on the status topic, whose will is a retained `offline`.
///
/// One thing can still block: a broker given by host name is resolved with getaddrinfo inside the connect call.
/// A broker given by IP address never blocks the loop.
///
/// Loop-bound: use it on the loop's thread only. Events (`BrokerEvent`) are handed to `onEvent` as they happen;
/// the handler may publish or subscribe, but must not drop the last reference to the connection.
package final class BrokerConnection {
    /// Where the connection is in its life.
    package enum State: Sendable, Equatable {
        /// Made, not started.
        case idle
        /// A connection attempt is under way (TCP, TLS, waiting for CONNACK).
        case connecting
        case connected
        /// Between attempts, waiting for the backoff timer.
        case waitingToRetry
        /// `stop()` was called while connected: the DISCONNECT is on its way.
        case stopping
        case stopped
    }

    private struct RetainedMessage {
        var payload: [UInt8]
        var qos: Int32
    }

    package let settings: BrokerSettings
    package internal(set) var state: State = .idle

    private let loop: EventLoop
    /// The libmosquitto client. Owned by this object (made in init, destroyed in deinit) and used only on the
    /// loop's thread; no `mosquitto_loop_start` thread exists, so nothing else ever touches it.
    let client: OpaquePointer
    private let onEvent: (BrokerEvent) -> Void
    private var backoff: ReconnectBackoff
    private var random = SystemRandomNumberGenerator()
    private var subscriptions: [(filter: String, qos: Int32)] = []
    /// Topics in the order first published, so a reconnect republishes them in a fixed order.
    private var retainedTopics: [String] = []
    private var retained: [String: RetainedMessage] = [:]
    /// The library's socket, while it has one open that the loop watches.
    private var socketWatch: FDWatch?
    /// Keepalive work once a second while there is a socket; set in init.
    private var maintenanceTimer: LoopTimer!
    /// The next connection attempt after a backoff wait; set in init.
    private var retryTimer: LoopTimer!
    /// True while inside a libmosquitto call that may run callbacks; `settle` waits for the call to return.
    private var inLibraryCall = false

    // What the current attempt learned, consumed by `settle`.
    /// TLS only: the TCP connection has not been seen established yet (the first writable event).
    private var awaitingTCP = false
    var justConnected = false
    var refusal: String?
    var libraryDetail: String?
    var lost: BrokerError?
    var stopFinished = false
    /// The failure a library call returned, for when the library closed the socket without a callback.
    private var lastFailure: BrokerError?

    /// Sets up a client for `settings` (nothing is sent until `start()`); throws when libmosquitto refuses a
    /// setting, such as a CA file it cannot open.
    package init(
        settings: BrokerSettings, loop: EventLoop, backoff: ReconnectBackoff = .standard,
        onEvent: @escaping (BrokerEvent) -> Void
    ) throws(BrokerError) {
        if let failure = MosquittoCall.libraryReady { throw failure }
        guard let client = mosquitto_new(settings.clientID, true, nil) else {
            throw BrokerError(.library(call: "mosquitto_new", code: MOSQ_ERR_ERRNO.rawValue, errno: Glibc.errno))
        }
        self.client = client
        self.settings = settings
        self.loop = loop
        self.backoff = backoff
        self.onEvent = onEvent
        maintenanceTimer = loop.makeTimer { [weak self] in self?.maintain() }
        retryTimer = loop.makeTimer { [weak self] in self?.attempt() }
        // Unretained: the client is destroyed in deinit, and callbacks run only inside our own library calls.
        mosquitto_user_data_set(client, Unmanaged.passUnretained(self).toOpaque())
        installCallbacks()
        try configure()
    }

    deinit {
        if let watch = socketWatch { loop.unwatch(watch) }
        maintenanceTimer.disarm()
        retryTimer.disarm()
        mosquitto_destroy(client)
    }

    private func configure() throws(BrokerError) {
        try MosquittoCall.check("mosquitto_int_option(MOSQ_OPT_TCP_NODELAY)") {
            mosquitto_int_option(client, MOSQ_OPT_TCP_NODELAY, 1)
        }
        if let topic = settings.statusTopic {
            try MosquittoCall.check("mosquitto_will_set(\(topic))") {
                mosquitto_will_set(client, topic, 7, "offline", 1, true)
            }
        }
        if settings.username != nil || settings.password != nil {
            try MosquittoCall.check("mosquitto_username_pw_set") {
                mosquitto_username_pw_set(client, settings.username, settings.password)
            }
        }
        guard let tls = settings.tls else { return }
        if let ca = tls.ca {
            try useTLSFiles("the CA certificate '\(ca)'", ca: ca, directory: nil, tls)
        } else {
            try MosquittoCall.check("mosquitto_int_option(MOSQ_OPT_TLS_USE_OS_CERTS)") {
                mosquitto_int_option(client, MOSQ_OPT_TLS_USE_OS_CERTS, 1)
            }
            if tls.certificate != nil {
                try useTLSFiles("the client certificate and key", ca: nil, directory: "/etc/ssl/certs", tls)
            }
        }
        if !tls.verify {
            try MosquittoCall.check("mosquitto_tls_opts_set") { mosquitto_tls_opts_set(client, 0, nil, nil) }
            try MosquittoCall.check("mosquitto_tls_insecure_set") { mosquitto_tls_insecure_set(client, true) }
        }
    }

    private func useTLSFiles(_ what: String, ca: String?, directory: String?, _ tls: BrokerSettings.TLS)
        throws(BrokerError)
    {
        let failure = MosquittoCall.failure("mosquitto_tls_set") {
            mosquitto_tls_set(client, ca, directory, tls.certificate, tls.key, nil)
        }
        if let failure {
            var error = failure
            if failure.libraryCode == MOSQ_ERR_INVAL.rawValue {
                var files = [ca, tls.certificate, tls.key].compactMap { $0 }.map { "'\($0)'" }
                if files.isEmpty { files = [what] }
                error.detail = "cannot read \(files.joined(separator: ", "))"
            }
            throw error
        }
    }

    // MARK: Connecting

    /// Starts connecting; events follow through `onEvent`. Does nothing unless the connection is idle.
    package func start() {
        guard state == .idle else { return }
        attempt()
    }

    /// One connection attempt: a non-blocking connect, the socket handed to the loop.
    private func attempt() {
        if let watch = socketWatch {  // still open (given up by `lose`): the library closes it as it reconnects
            loop.unwatch(watch)
            socketWatch = nil
        }
        refusal = nil
        libraryDetail = nil
        lost = nil
        justConnected = false
        state = .connecting
        call("mosquitto_connect_async") {
            mosquitto_connect_async(client, settings.host, Int32(settings.port), Int32(settings.keepalive))
        }
        let descriptor = mosquitto_socket(client)
        if descriptor >= 0 {
            do throws(SystemError) {
                // libmosquitto opens it without close-on-exec; a child process must not keep the connection open.
                try SystemCall.check("fcntl(F_SETFD)") { fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
                socketWatch = try loop.watch(descriptor, for: .readable) { [weak self] ready in
                    self?.socketReady(ready)
                }
                awaitingTCP = true
                maintenanceTimer.arm(after: 1000)
            } catch {
                lose(BrokerError(.socket(error)))
            }
        } else if lost == nil {
            lost = lastFailure ?? BrokerError(.closed)
        }
        settle()
    }

    /// The loop found the socket ready.
    private func socketReady(_ ready: FDEvents) {
        guard let watch = socketWatch else { return }
        if ready.contains(.error), let failure = pendingSocketError(watch.descriptor) {
            lose(failure)
            settle()
            return
        }
        let tlsHandshake = settings.tls != nil && state == .connecting
        let firstProgress = awaitingTCP
        awaitingTCP = false
        // During the TLS handshake `mosquitto_loop_read` is what advances it, whichever way the socket is ready.
        if !ready.isDisjoint(with: [.readable, .hangUp]) || (tlsHandshake && firstProgress) {
            call("mosquitto_loop_read") { mosquitto_loop_read(client, 1) }
        }
        // Also after a read: what the callbacks published is only queued until the next write.
        if socketWatch == watch, ready.contains(.writable) || mosquitto_want_write(client) {
            call("mosquitto_loop_write") { mosquitto_loop_write(client, 1) }
        }
        if ready.contains(.hangUp), socketWatch == watch, state == .connecting {
            lose(BrokerError(.closed))  // hung up mid-handshake without the library noticing
        }
        settle()
    }

    /// Keepalive (PINGREQ, and giving up on a silent broker or a connection that never completes), once a second
    /// while there is a socket.
    private func maintain() {
        guard socketWatch != nil else { return }
        call("mosquitto_loop_misc") { mosquitto_loop_misc(client) }
        if socketWatch != nil, mosquitto_want_write(client) {
            call("mosquitto_loop_write") { mosquitto_loop_write(client, 1) }
        }
        settle()
        if socketWatch != nil { maintenanceTimer.arm(after: 1000) }
    }

    /// Runs a libmosquitto call that may run callbacks, keeping what it returned for `settle` (and returning it).
    @discardableResult
    private func call(_ name: @autoclosure () -> String, _ body: () -> Int32) -> BrokerError? {
        let outer = inLibraryCall
        inLibraryCall = true
        defer { inLibraryCall = outer }
        let failure = MosquittoCall.failure(name(), body)
        if let failure { lastFailure = failure }
        return failure
    }

    /// The error pending on the socket (SO_ERROR), if any: a refused or reset connection.
    private func pendingSocketError(_ descriptor: Int32) -> BrokerError? {
        var code: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        do throws(SystemError) {
            try SystemCall.check("getsockopt(SO_ERROR)") {
                getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &code, &length)
            }
        } catch {
            return BrokerError(.socket(error))
        }
        guard code != 0 else { return nil }
        return BrokerError(.socket(SystemError(call: state == .connecting ? "connect" : "socket", errno: code)))
    }

    /// Gives up on the current socket, which the library may still hold open (it closes it on the next attempt).
    private func lose(_ error: BrokerError) {
        if let watch = socketWatch {
            loop.unwatch(watch)
            socketWatch = nil
        }
        if lost == nil { lost = error }
    }

    /// After every entry into the library: notices a socket the library closed, does the work a CONNACK or a
    /// lost connection calls for, reports it, and points the loop at what the socket is wanted for.
    private func settle() {
        guard !inLibraryCall else { return }
        if let watch = socketWatch, mosquitto_socket(client) != watch.descriptor {
            // Closed without on_disconnect (a failed TLS handshake); the loop drops the closed descriptor.
            loop.unwatch(watch)
            socketWatch = nil
            if lost == nil { lost = lastFailure ?? BrokerError(.closed) }
        }
        lastFailure = nil
        if justConnected {
            justConnected = false
            if socketWatch != nil, lost == nil { announceConnected() }
        }
        if let error = lost, state == .connecting || state == .connected {
            lost = nil
            if let watch = socketWatch {  // given up while the library still holds it open
                loop.unwatch(watch)
                socketWatch = nil
            }
            maintenanceTimer.disarm()
            state = .waitingToRetry
            let delay = backoff.nextDelay(using: &random)
            retryTimer.arm(after: delay)
            var reported = error
            if reported.detail == nil { reported.detail = libraryDetail }
            onEvent(.disconnected(reported, retryIn: delay))
        }
        if stopFinished {
            stopFinished = false
            finishStop()
        }
        guard let watch = socketWatch else { return }
        var wanted: FDEvents = .readable
        // While TLS is handshaking the library keeps asking to write (its want_write flag is only cleared by a
        // later write), yet a write cannot progress until the handshake reads; so writable is asked for only
        // until the TCP connection is up. The once-a-second maintenance writes whatever might still be stuck.
        let handshaking = settings.tls != nil && state == .connecting && !awaitingTCP
        if mosquitto_want_write(client) && !handshaking { wanted.insert(.writable) }
        do throws(SystemError) {
            try loop.change(watch, to: wanted)
        } catch {
            lose(BrokerError(.socket(error)))
            settle()
        }
    }

    /// After CONNACK (outside the library's callbacks, so these are written at once, after any QoS 1 messages the
    /// library sent again): `online`, then the retained outputs, then the owner hears of it.
    private func announceConnected() {
        if let topic = settings.statusTopic { _ = try? send(topic: topic, payload: Array("online".utf8), 1, true) }
        for topic in retainedTopics {
            if let message = retained[topic] {
                _ = try? send(topic: topic, payload: message.payload, message.qos, true)
            }
        }
        onEvent(.connected)
    }

    /// Called from `connected(_:)` on CONNACK: resets the backoff and subscribes again (queued in the callback,
    /// so the SUBSCRIBE goes out before the QoS 1 messages the library sends again after it).
    func subscribeAll() {
        backoff.reset()
        for subscription in subscriptions {
            let failure = MosquittoCall.failure("mosquitto_subscribe(\(subscription.filter))") {
                mosquitto_subscribe(client, nil, subscription.filter, subscription.qos)
            }
            if let failure, lost == nil { lost = failure }
        }
    }

    /// Called from the disconnect callback: the library has already closed the socket.
    func socketClosed() {
        if let watch = socketWatch {
            loop.unwatch(watch)
            socketWatch = nil
        }
        maintenanceTimer.disarm()
    }

    // MARK: Subscribing and publishing

    /// Subscribes to `filter` now (when connected) and again after every reconnect.
    package func subscribe(_ filter: String, qos: Int) throws(BrokerError) {
        let level = try Self.level(qos)
        try MosquittoCall.check("mosquitto_sub_topic_check(\(filter))") { mosquitto_sub_topic_check(filter) }
        subscriptions.append((filter, level))
        guard state == .connected else { return }
        try MosquittoCall.check("mosquitto_subscribe(\(filter))") { mosquitto_subscribe(client, nil, filter, level) }
        settle()
    }

    /// Publishes `payload` on `topic`; the id comes back in a `delivered` event when the broker has it (QoS 1).
    ///
    /// Returns nil when nothing was handed to the library: a retained message while disconnected (kept, and
    /// published on connect), or a QoS 0 message while disconnected (dropped: at most once). A QoS 1 message
    /// while disconnected is queued by the library, gets its id, and is sent after the next connect. Either way,
    /// the last retained payload of each topic is published again after every reconnect.
    @discardableResult
    package func publish(topic: String, payload: some Collection<UInt8>, qos: Int, retain: Bool)
        throws(BrokerError) -> MessageID?
    {
        let level = try Self.level(qos)
        try MosquittoCall.check("mosquitto_pub_topic_check(\(topic))") { mosquitto_pub_topic_check(topic) }
        let bytes = Array(payload)
        if retain {
            if retained[topic] == nil { retainedTopics.append(topic) }
            retained[topic] = RetainedMessage(payload: bytes, qos: level)
        }
        switch state {
        case .connected: break
        case .stopping, .stopped: return nil
        case .idle, .connecting, .waitingToRetry: if retain || level == 0 { return nil }
        }
        return try send(topic: topic, payload: bytes, level, retain)
    }

    private func send(topic: String, payload: [UInt8], _ qos: Int32, _ retain: Bool) throws(BrokerError) -> MessageID {
        var id: Int32 = 0
        // A library call like the others: a QoS 0 publish written at once runs the publish callback inside it.
        let failure = call("mosquitto_publish(\(topic))") {
            payload.withUnsafeBytes { bytes in
                mosquitto_publish(client, &id, topic, Int32(bytes.count), bytes.baseAddress, qos, retain)
            }
        }
        if failure != nil { lastFailure = nil }  // answered here, to the caller
        settle()
        guard let failure else { return MessageID(id) }
        // The library assigns the id once the message is valid and keeps a QoS 1 message queued when the socket
        // write fails; it sends it again after the next CONNACK.
        let queued: Set<Int32> = [MOSQ_ERR_NO_CONN.rawValue, MOSQ_ERR_ERRNO.rawValue, MOSQ_ERR_CONN_LOST.rawValue]
        if qos > 0, id != 0, let code = failure.libraryCode, queued.contains(code) { return MessageID(id) }
        throw failure
    }

    private static func level(_ qos: Int) throws(BrokerError) -> Int32 {
        guard qos == 0 || qos == 1 else { throw BrokerError(.settings("MQTT QoS \(qos): Reflex uses 0 or 1")) }
        return Int32(qos)
    }

    // MARK: Stopping

    /// Ends the connection cleanly: `offline` on the status topic, then DISCONNECT (so the broker drops the will).
    /// A `stopped` event follows, at once when there was no connection.
    package func stop() {
        retryTimer.disarm()
        switch state {
        case .stopping, .stopped:
            return
        case .connected:
            state = .stopping
            if let topic = settings.statusTopic {
                _ = try? send(topic: topic, payload: Array("offline".utf8), 1, true)
            }
            let failure = call("mosquitto_disconnect") { mosquitto_disconnect(client) }
            if failure != nil {
                lastFailure = nil
                stopFinished = true  // nothing more will come from this connection
            }
            settle()
        case .idle, .connecting, .waitingToRetry:
            // An attempt under way is abandoned; the library closes its socket when destroyed.
            if let watch = socketWatch {
                loop.unwatch(watch)
                socketWatch = nil
            }
            finishStop()
        }
    }

    private func finishStop() {
        maintenanceTimer.disarm()
        retryTimer.disarm()
        state = .stopped
        onEvent(.stopped)
    }

    /// Hands an event to the owner (from the callbacks).
    func report(_ event: BrokerEvent) {
        onEvent(event)
    }

    /// The socket the loop watches, for tests that cut the connection.
    var socketDescriptor: Int32? { socketWatch?.descriptor }
}
