import Logging
import Metrics

// MARK: - Inbound dispatch

/// What the dispatcher did with inbound messages.
public struct DispatchStats: Sendable, Hashable {
    /// Taken from the transport.
    public var received = 0
    /// Handed to a shell and handled.
    public var handled = 0
    /// Types with no known prefix: logged, counted, ignored.
    public var unknownType = 0
    /// Dropped because a lane's queue was full.
    public var laneOverflow = 0

    /// Messages taken but not yet handled or dropped.
    public var inFlight: Int { received - handled - unknownType - laneOverflow }
}

extension ClusterNode {
    /// Counters of the dispatcher.
    public var dispatchStats: DispatchStats { counters.withLock { $0 } }

    /// Routes inbound messages by type prefix onto the control lane (membership) or the
    /// bulk lane (replication), so membership never waits behind a replication persist.
    func dispatch(control: AsyncStream<InboundMessage>.Continuation,
                  bulk: AsyncStream<InboundMessage>.Continuation,
                  calls: AsyncStream<InboundMessage>.Continuation) async {
        defer {
            control.finish()
            bulk.finish()
            calls.finish()
        }
        for await inbound in transport.inbound {
            counters.withLock { $0.received += 1 }
            let type = inbound.message.type
            let lane: AsyncStream<InboundMessage>.Continuation
            if type.hasPrefix(ClusterWire.membershipPrefix) {
                lane = control
            } else if type.hasPrefix(ClusterWire.ticketReplicationPrefix)
                        || (directory != nil && type.hasPrefix(ClusterWire.directoryReplicationPrefix)) {
                lane = bulk
            } else if type == ActorWireType.call || type == ActorWireType.reply {
                lane = calls
            } else {
                counters.withLock { $0.unknownType += 1 }
                Counter(label: "courtyard_cluster_unknown_type_total").increment()
                logger.warning("unknown wire type ignored",
                               metadata: ["type": "\(type.prefix(WireMessage.typeBytesMax))", "from": "\(inbound.from)"])
                continue
            }
            if case .dropped = lane.yield(inbound) {
                counters.withLock { $0.laneOverflow += 1 }
                Counter(label: "courtyard_cluster_lane_overflow_total").increment()
            }
        }
    }

    /// The bulk lane's handler: ticket or directory replication, by type prefix.
    func receiveBulk(_ inbound: InboundMessage) async {
        if let directory, inbound.message.type.hasPrefix(ClusterWire.directoryReplicationPrefix) {
            await directory.receive(inbound)
        } else {
            await replication.receive(inbound)
        }
    }

    /// Feeds one lane's messages to its shell, one at a time.
    func serve(_ lane: AsyncStream<InboundMessage>, _ handle: (InboundMessage) async -> Void) async {
        for await inbound in lane {
            await handle(inbound)
            counters.withLock { $0.handled += 1 }
        }
    }
}
