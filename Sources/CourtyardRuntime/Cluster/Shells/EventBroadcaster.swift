import Synchronization

// MARK: - EventBroadcaster

/// Fans events out to any number of subscribers, each with its own bounded buffer.
///
/// A slow subscriber loses its oldest unread events (`bufferingNewest`), never blocks the
/// publisher: subscribers that must not miss a change re-read the current state when woken
/// (a snapshot), so a dropped event only coalesces with a later one.
final class EventBroadcaster<Event: Sendable>: Sendable {
    private struct State {
        var subscribers: [UInt64: AsyncStream<Event>.Continuation] = [:]
        var idNext: UInt64 = 0
        var finished = false
    }

    private let state = Mutex(State())
    let bufferMax: Int

    init(bufferMax: Int) {
        self.bufferMax = max(1, bufferMax)
    }

    /// A new subscription, starting with the next published event.
    func subscribe() -> AsyncStream<Event> {
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .bufferingNewest(bufferMax))
        let id = state.withLock { s -> UInt64? in
            guard !s.finished else { return nil }
            s.idNext += 1
            s.subscribers[s.idNext] = continuation
            return s.idNext
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    func publish(_ event: Event) {
        let targets = state.withLock { s in s.subscribers.keys.sorted().compactMap { s.subscribers[$0] } }
        for c in targets { c.yield(event) }
    }

    /// Ends every subscription; later subscriptions end at once.
    func finish() {
        let targets = state.withLock { s -> [AsyncStream<Event>.Continuation] in
            s.finished = true
            defer { s.subscribers.removeAll() }
            return Array(s.subscribers.values)
        }
        for c in targets { c.finish() }
    }
}
