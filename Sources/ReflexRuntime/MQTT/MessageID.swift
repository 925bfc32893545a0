/// The id libmosquitto gives a publish (the MQTT packet identifier for QoS 1): what a `delivered` event names.
///
/// Ids are unique among the messages in flight on one connection and wrap after 65535, so a durable outbox maps
/// an id to its notification only while the notification is unacknowledged.
package struct MessageID: Hashable, Sendable, CustomStringConvertible {
    package let value: Int32

    package init(_ value: Int32) { self.value = value }

    package var description: String { "#\(value)" }
}
