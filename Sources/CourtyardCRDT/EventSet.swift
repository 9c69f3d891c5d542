/// A grow-only set of events keyed by their id: the event-sourced core of a ticket.
///
/// Events are immutable and their ids unique (an `EventID` is an HLC plus its origin), so
/// merge is union by id. If two different payloads ever arrive under one id (corruption or a
/// buggy writer), merge keeps the one with the smaller canonical encoding on every replica,
/// so replicas still converge. When ids are `Comparable` the set iterates in id order — the
/// deterministic order a fold needs — and exposes its sorted ids for digests.
public struct EventSet<Element: Identifiable & Hashable & Codable & Sendable>: CRDT
where Element.ID: Codable & Sendable {
    private var byID: [Element.ID: Element]

    public init() { byID = [:] }

    public init(_ events: some Sequence<Element>) {
        self.init()
        for event in events { insert(event) }
    }

    // MARK: Reading

    public var count: Int { byID.count }
    public var isEmpty: Bool { byID.isEmpty }

    public func contains(id: Element.ID) -> Bool { byID[id] != nil }

    public subscript(id id: Element.ID) -> Element? { byID[id] }

    /// The events in no particular order; use the sorted accessors for anything that decides.
    public var unorderedElements: Dictionary<Element.ID, Element>.Values { byID.values }

    /// The events whose ids are not in `ids`: what a peer holding `ids` is missing.
    public func subtracting(ids: Set<Element.ID>) -> EventSet {
        var out = EventSet()
        out.byID = byID.filter { !ids.contains($0.key) }
        return out
    }

    // MARK: Mutators (delta form)

    /// Adds `event`; returns the delta (the singleton set).
    @discardableResult
    public mutating func insert(_ event: Element) -> EventSet {
        var delta = EventSet()
        delta.byID[event.id] = event
        merge(delta)
        return delta
    }

    public mutating func merge(_ other: EventSet) {
        byID.merge(other.byID) { mine, theirs in
            mine == theirs ? mine : CanonicalOrder.smaller(mine, theirs)
        }
    }

    // MARK: Codable

    private enum CodingKeys: String, CodingKey { case events }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let events = try c.decodeArray(Element.self, forKey: .events,
                                       countMax: CRDTLimits.elementsMax, what: "event set")
        var byID: [Element.ID: Element] = [:]
        for event in events {
            guard byID.updateValue(event, forKey: event.id) == nil else {
                throw c.corrupt(.events, "event set: duplicate id \(event.id)")
            }
        }
        self.byID = byID
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        let ids = try CanonicalOrder.sorted(byID.keys)
        try c.encode(ids.compactMap { byID[$0] }, forKey: .events)
    }
}

// MARK: - Id order

extension EventSet: Sequence where Element.ID: Comparable {
    /// Iterates in ascending id order.
    public func makeIterator() -> IndexingIterator<[Element]> { sortedElements.makeIterator() }

    /// The ids in ascending order: the input of a digest.
    public var sortedIDs: [Element.ID] { byID.keys.sorted() }

    /// The events in ascending id order.
    public var sortedElements: [Element] { sortedIDs.compactMap { byID[$0] } }

    public var underestimatedCount: Int { byID.count }
}
