import ReflexRuntime

/// Everything one `BrokerConnection` reported, for assertions.
final class BrokerEvents {
    private let clock = DeviceClock()
    private(set) var connections = 0
    private(set) var disconnections: [(error: BrokerError, retryIn: Int64, at: Int64)] = []
    private(set) var messages: [(topic: String, payload: [UInt8])] = []
    private(set) var delivered: Set<MessageID> = []
    private(set) var stopped = false

    func record(_ event: BrokerEvent) {
        switch event {
        case .connected: connections += 1
        case .disconnected(let error, let retryIn):
            disconnections.append((error, retryIn, clock.monotonicMilliseconds()))
        case .stopped: stopped = true
        case .message(let topic, let payload): messages.append((topic, payload))
        case .delivered(let id): delivered.insert(id)
        }
    }

    func payloads(on topic: String) -> [String] {
        messages.filter { $0.topic == topic }.map { String(decoding: $0.payload, as: UTF8.self) }
    }

    var lastError: String { disconnections.last.map { "\($0.error)" } ?? "none" }
}
