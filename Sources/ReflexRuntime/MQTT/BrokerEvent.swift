/// What the MQTT driver reports to its owner, always on the loop's thread.
package enum BrokerEvent: Sendable {
    /// The broker accepted the connection. By now the subscriptions were sent again, the retained outputs
    /// republished and the status topic set to `online`.
    case connected
    /// A connection attempt failed, or an established connection was lost; the next attempt starts in `retryIn`
    /// milliseconds. QoS 1 messages not yet acknowledged are sent again after the next `connected`.
    case disconnected(BrokerError, retryIn: Int64)
    /// `stop()` has finished: the offline status was published and the connection closed without the will.
    case stopped
    /// A message arrived on a subscribed topic.
    case message(topic: String, payload: [UInt8])
    /// The broker acknowledged a QoS 1 publish (PUBACK); for QoS 0, the publish was written to the socket.
    case delivered(MessageID)
}
