import CMosquitto
import Glibc

/// libmosquitto's callbacks. They run inside the library calls `BrokerConnection` makes on the loop's thread, so
/// they only record what happened (or hand a message on); `settle` acts on it once the call has returned.
extension BrokerConnection {
    func installCallbacks() {
        mosquitto_connect_callback_set(client) { _, context, code in
            BrokerConnection.from(context)?.connected(code)
        }
        mosquitto_disconnect_callback_set(client) { _, context, code in
            let cause = Glibc.errno
            BrokerConnection.from(context)?.disconnected(code, errno: cause)
        }
        mosquitto_message_callback_set(client) { _, context, message in
            guard let connection = BrokerConnection.from(context), let message = message?.pointee else { return }
            let topic = String(cString: message.topic)
            let payload =
                message.payloadlen > 0
                ? [UInt8](UnsafeRawBufferPointer(start: message.payload, count: Int(message.payloadlen))) : []
            connection.report(.message(topic: topic, payload: payload))
        }
        mosquitto_publish_callback_set(client) { _, context, id in
            BrokerConnection.from(context)?.report(.delivered(MessageID(id)))
        }
        mosquitto_log_callback_set(client) { _, context, level, text in
            guard level & MOSQ_LOG_ERR != 0, let text else { return }
            BrokerConnection.from(context)?.libraryLogged(String(cString: text))
        }
    }

    private static func from(_ context: UnsafeMutableRawPointer?) -> BrokerConnection? {
        context.map { Unmanaged<BrokerConnection>.fromOpaque($0).takeUnretainedValue() }
    }

    /// CONNACK: accepted (0) or refused with the broker's reason.
    private func connected(_ code: Int32) {
        if code == 0 {
            state = .connected
            justConnected = true
            subscribeAll()
        } else {
            refusal = String(cString: mosquitto_connack_string(code))
        }
    }

    /// The library closed the socket: after our DISCONNECT (0), or because the connection failed.
    private func disconnected(_ code: Int32, errno cause: Int32) {
        socketClosed()
        if state == .stopping {
            stopFinished = true
            return
        }
        guard lost == nil else { return }
        switch code {
        case MOSQ_ERR_CONN_REFUSED.rawValue where refusal != nil: lost = BrokerError(.refused(refusal!))
        case MOSQ_ERR_KEEPALIVE.rawValue: lost = BrokerError(.keepalive)
        case MOSQ_ERR_CONN_LOST.rawValue: lost = BrokerError(.closed)
        default: lost = BrokerError(.library(call: "connection", code: code, errno: cause))
        }
    }

    /// An error line from the library (OpenSSL's reasons among them), kept to explain the failure it precedes.
    private func libraryLogged(_ line: String) {
        guard (libraryDetail?.count ?? 0) < 1000 else { return }
        libraryDetail = libraryDetail.map { "\($0); \(line)" } ?? line
    }
}
