import CourtyardCRDT

// Digest-based anti-entropy, one round between an initiator A and a peer B:
//
//   A → B  digest(bucket hashes)                  level one of the digest
//   B → A  digestReply(differing buckets, key hashes in them)   level two
//   A → B  exchange(A's ids for differing keys) + items B lacks the key of entirely
//   B → A  items A lacks + request(ids B lacks)
//   A → B  items requested
//
// Every message is within `chunkBytesMax`; each step sends at most `antiEntropyChunksMax`
// messages. Lost messages only cost a round: the next one finds what is still different.

extension ReplicationInstance {
    // MARK: Round start

    /// The message that starts a round: this node's bucket hashes.
    public func digestMessage() -> Message { .digest(buckets: store.bucketHashes) }

    // MARK: Steps

    /// B: answers with its key hashes for the buckets that differ.
    mutating func handleDigest(from peer: ReplicaID, buckets theirs: [UInt64]) -> [Directive] {
        let mine = store.bucketHashes
        let differing = mine.indices.filter { mine[$0] != theirs[$0] }
        var messages: [Message] = []
        var buckets: [Int] = []
        var keys: [KeyDigest<Item.Key>] = []
        var bytes = MessageSize.overhead
        func flush() {
            if !buckets.isEmpty { messages.append(.digestReply(buckets: buckets, keys: keys)) }
            buckets = []
            keys = []
            bytes = MessageSize.overhead
        }
        outer: for b in differing {
            if bytes + MessageSize.perNumber > config.chunkBytesMax { flush() }
            buckets.append(b)
            bytes += MessageSize.perNumber
            for key in store.keys(inBucket: b) {
                let size = MessageSize.keyDigest(key)
                if bytes + size > config.chunkBytesMax || keys.count >= config.messageItemsMax {
                    flush()
                    // A bucket split across replies is listed in each part.
                    buckets.append(b)
                    bytes += MessageSize.perNumber
                }
                keys.append(KeyDigest(key: key, hash: store.keyHash(key)))
                bytes += size
                if messages.count >= config.antiEntropyChunksMax { break outer }
            }
        }
        if messages.count < config.antiEntropyChunksMax { flush() }
        return messages.prefix(config.antiEntropyChunksMax).map { .send(to: peer, message: $0) }
    }

    /// A: compares key hashes; pushes keys the peer lacks entirely, and sends its ids for
    /// keys that differ.
    mutating func handleDigestReply(from peer: ReplicaID, buckets: [Int],
                                       keys: [KeyDigest<Item.Key>]) -> [Directive] {
        var theirs: [Item.Key: UInt64] = [:]
        for k in keys { theirs[k.key] = k.hash }
        var candidates = Set(keys.map(\.key))
        for b in Set(buckets) { candidates.formUnion(store.keys(inBucket: b)) }
        var push: [Item] = []
        var exchange: [KeyIDs<Item.Key>] = []
        for key in candidates.sorted() where store.keyHash(key) != (theirs[key] ?? 0) {
            if theirs[key] == nil {
                push += store.items(for: key)
            } else {
                exchange += idPieces(key, ids: store.ids(for: key))
            }
        }
        return itemMessages(push, to: peer) + entryMessages(exchange, to: peer, request: false)
    }

    /// B: sends the items A lacks and requests the ids it lacks.
    mutating func handleExchange(from peer: ReplicaID, _ entries: [KeyIDs<Item.Key>]) -> [Directive] {
        var theirIDs: [Item.Key: Set<EventID>] = [:]
        for e in entries { theirIDs[e.key, default: []].formUnion(e.ids) }
        var push: [Item] = []
        var wanted: [KeyIDs<Item.Key>] = []
        for key in theirIDs.keys.sorted() {
            let ids = theirIDs[key] ?? []
            push += store.items(for: key).filter { Self.wouldAccept($0.itemID, given: ids) }
            let missing = ids.sorted().filter { store.wouldAccept($0, key: key) && pendingPersist[$0] == nil }
            if !missing.isEmpty { wanted += idPieces(key, ids: missing) }
        }
        return itemMessages(push, to: peer) + entryMessages(wanted, to: peer, request: true)
    }

    /// A: sends the items B asked for.
    mutating func handleRequest(from peer: ReplicaID, _ entries: [KeyIDs<Item.Key>]) -> [Directive] {
        let items = entries.flatMap { e in e.ids.compactMap { store.item($0, key: e.key) } }
        return itemMessages(items, to: peer)
    }

    // MARK: Packing

    /// Whether a replica holding `ids` under a key would accept an item with `id`.
    static func wouldAccept(_ id: EventID, given ids: Set<EventID>) -> Bool {
        switch Item.retention {
        case .all: !ids.contains(id)
        case .latestOnly: ids.allSatisfy { $0 < id }
        }
    }

    /// `items` as `.items` messages within `chunkBytesMax`, at most `antiEntropyChunksMax`.
    func itemMessages(_ items: [Item], to peer: ReplicaID) -> [Directive] {
        Chunking.chunks(items, bytesMax: config.chunkBytesMax, overhead: MessageSize.overhead,
                        countMax: config.messageItemsMax) { MessageSize.perItem + $0.estimatedBytes }
            .prefix(config.antiEntropyChunksMax)
            .map { .send(to: peer, message: .items($0)) }
    }

    /// Entries as `.exchange` or `.request` messages within `chunkBytesMax`.
    func entryMessages(_ entries: [KeyIDs<Item.Key>], to peer: ReplicaID, request: Bool) -> [Directive] {
        Chunking.chunks(entries, bytesMax: config.chunkBytesMax, overhead: MessageSize.overhead,
                        countMax: config.messageItemsMax) { MessageSize.keyIDs($0.key, ids: $0.ids) }
            .prefix(config.antiEntropyChunksMax)
            .map { .send(to: peer, message: request ? .request($0) : .exchange($0)) }
    }

    /// Splits a key's ids into entries that each fit one message.
    func idPieces(_ key: Item.Key, ids: [EventID]) -> [KeyIDs<Item.Key>] {
        let base = MessageSize.overhead + MessageSize.keyIDs(key, ids: [])
        let pieces = Chunking.chunks(ids, bytesMax: config.chunkBytesMax, overhead: base,
                                     countMax: config.messageItemsMax) { 1 + MessageSize.eventID($0) }
        return pieces.isEmpty ? [KeyIDs(key: key, ids: [])] : pieces.map { KeyIDs(key: key, ids: $0) }
    }
}
