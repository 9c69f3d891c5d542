import CourtyardMembership
import CourtyardRuntime
import NIOCore
import NIOPosix

extension NIOClusterTransport {
    // MARK: Dialling

    /// Starts a dial loop for `endpoint` unless connected or already dialling.
    func startDialling(_ endpoint: Endpoint) {
        guard !isShutdown, var link = peers[endpoint], link.channel == nil, !link.dialing else { return }
        link.dialing = true
        peers[endpoint] = link
        Task { await self.dialLoop(endpoint) }
    }

    /// Dials until connected, an inbound connection from that peer takes over, the attempts
    /// run out (queued messages are then dropped as `unreachable`), or shutdown.
    private func dialLoop(_ endpoint: Endpoint) async {
        defer { peers[endpoint]?.dialing = false }
        var failures = 0
        while !isShutdown, let link = peers[endpoint], link.channel == nil {
            do {
                let (channel, peer) = try await dial(endpoint)
                // Re-check after the await: shutdown or another connection may have won.
                guard !isShutdown else { try? await channel.close(); return }
                adopt(channel, peer: peer, direction: .outbound, endpoint: endpoint)
                return
            } catch {
                failures += 1
                logger.debug("dial failed", metadata: ["peer": "\(endpoint)", "attempt": "\(failures)",
                                                       "error": "\(error)"])
                guard failures < configuration.reconnect.attemptsMax else {
                    logger.warning("peer unreachable; dropping its queue",
                                   metadata: ["peer": "\(endpoint)", "attempts": "\(failures)"])
                    dropQueued(endpoint, reason: "unreachable")
                    return
                }
                let random = environment.random
                let delay = configuration.reconnect.delay(afterFailures: failures) { random.next(upperBound: $0) }
                do { try await environment.clock.sleep(for: delay) } catch { return }
            }
        }
    }

    /// One TCP connect + TLS + handshake; the connection is closed again on failure.
    private func dial(_ endpoint: Endpoint) async throws -> (any Channel, PeerIdentity) {
        let pipeline = self.pipeline
        let local = identity
        let (channel, established) = try await ClientBootstrap(group: group)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(.milliseconds(configuration.connectTimeout.wholeMilliseconds))
            .connect(host: endpoint.host, port: Int(endpoint.port)) { channel in
                pipeline.configure(channel, local: local, role: .dialer(target: endpoint)).map { (channel, $0) }
            }
        do {
            return (channel, try await established.get())
        } catch {
            try? await channel.close()
            throw error
        }
    }

    // MARK: Accepting

    /// An accepted connection: wait for its handshake, then adopt it under the peer's endpoint.
    func accepted(_ channel: any Channel, established: EventLoopFuture<PeerIdentity>) async {
        guard let peer = try? await established.get() else { return } // refused: already logged and closed
        guard !isShutdown else { try? await channel.close(); return }
        adopt(channel, peer: peer, direction: .inbound, endpoint: peer.endpoint)
    }

    // MARK: Connections

    /// Makes `channel` the connection to `endpoint`, unless a live one should win: a newer
    /// incarnation always replaces an older one; between two connections to the same
    /// incarnation, the one dialled by the smaller node survives on both sides.
    private func adopt(_ channel: any Channel, peer: PeerIdentity, direction: DialDirection, endpoint: Endpoint) {
        var link = peers[endpoint] ?? PeerLink(queues: LaneQueues(controlMax: configuration.controlQueueMax,
                                                                  bulkMax: configuration.bulkQueueMax))
        if let existing = link.channel, let existingPeer = link.peer, let existingDirection = link.direction,
           existing.isActive, existingPeer.incarnation == peer.incarnation, existingDirection != direction {
            let survivor = SimultaneousDial.survivor(local: identity, remote: peer)
            logger.debug("simultaneous dial", metadata: ["peer": "\(peer)", "keeping": "\(survivor)"])
            guard survivor == direction else {
                channel.close(promise: nil)
                return
            }
            existing.close(promise: nil)
        } else if let existing = link.channel {
            existing.close(promise: nil)
        }
        link.channel = channel
        link.peer = peer
        link.direction = direction
        peers[endpoint] = link
        logger.info("peer connected", metadata: ["peer": "\(peer)", "direction": "\(direction)"])
        Task { [weak self] in
            try? await channel.closeFuture.get()
            await self?.connectionClosed(channel, endpoint: endpoint)
        }
        startDraining(endpoint)
    }

    /// A connection closed: forget it if it was the live one, and redial (with backoff)
    /// so a restarted peer is found again.
    private func connectionClosed(_ channel: any Channel, endpoint: Endpoint) {
        guard var link = peers[endpoint], let current = link.channel, current === channel else { return }
        link.channel = nil
        link.direction = nil
        peers[endpoint] = link
        logger.info("peer disconnected", metadata: ["peer": "\(link.peer.map { "\($0)" } ?? "\(endpoint)")"])
        if !isShutdown { startDialling(endpoint) }
    }

    func dropQueued(_ endpoint: Endpoint, reason: String) {
        guard let dropped = peers[endpoint]?.queues.removeAll() else { return }
        statistics.dropped(.control, reason: reason, count: dropped.control)
        statistics.dropped(.bulk, reason: reason, count: dropped.bulk)
    }

    // MARK: Writing

    /// Starts the writer for `endpoint` unless one is running.
    func startDraining(_ endpoint: Endpoint) {
        guard var link = peers[endpoint], link.channel != nil, !link.draining, !link.queues.isEmpty else { return }
        link.draining = true
        peers[endpoint] = link
        Task { await self.drain(endpoint) }
    }

    /// Writes batches (control first) until the queues are empty or the connection is gone,
    /// waiting for each batch to be written so the bounded queues, not NIO's buffers, hold
    /// the backlog.
    private func drain(_ endpoint: Endpoint) async {
        defer { peers[endpoint]?.draining = false }
        while !isShutdown, var link = peers[endpoint], let channel = link.channel, !link.queues.isEmpty {
            let batch = link.queues.nextBatch(max: configuration.writeBatchMax)
            peers[endpoint] = link
            guard let last = batch.last else { return }
            for frame in batch.dropLast() { channel.write(frame, promise: nil) }
            do {
                try await channel.writeAndFlush(last)
                statistics.framesOut(.control, count: batch.count { $0.lane == .control })
                statistics.framesOut(.bulk, count: batch.count { $0.lane == .bulk })
            } catch {
                statistics.dropped(.control, reason: "write_failed", count: batch.count { $0.lane == .control })
                statistics.dropped(.bulk, reason: "write_failed", count: batch.count { $0.lane == .bulk })
                logger.debug("write failed", metadata: ["peer": "\(endpoint)", "error": "\(error)"])
            }
        }
    }
}

// MARK: Diagnostics

extension NIOClusterTransport {
    /// Which side dialled the live connection to `endpoint` (nil when not connected).
    public func connectionDirection(to endpoint: Endpoint) -> DialDirection? {
        guard let link = peers[endpoint], link.channel != nil else { return nil }
        return link.direction
    }
}
