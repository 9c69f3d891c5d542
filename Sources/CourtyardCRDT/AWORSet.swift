/// An add-wins observed-remove set (the optimized, dot-based OR-set of Almeida, Shoker &
/// Baquero).
///
/// Each present element carries the dots of the adds that put it there; the causal context
/// records every dot ever seen. A remove deletes the dots it observed and keeps them in the
/// context, so a concurrent add — whose dot the remover never saw — survives the merge:
/// add wins. Removes leave no per-element tombstone; the only metadata is the context, which
/// compacts into a version vector.
public struct AWORSet<Element: Hashable & Codable & Sendable>: CRDT {
    private var entries: [Element: Set<Dot>]
    /// Every dot this state has seen (adds present, adds removed).
    public private(set) var context: CausalContext

    public init() {
        entries = [:]
        context = CausalContext()
    }

    // MARK: Reading

    public func contains(_ element: Element) -> Bool { entries[element] != nil }
    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }

    /// The elements in no particular order; use `sorted` for anything that decides.
    public var unorderedElements: Dictionary<Element, Set<Dot>>.Keys { entries.keys }

    /// The dots of the adds that keep `element` present, in canonical order.
    public func dots(of element: Element) -> [Dot] { (entries[element] ?? []).sorted() }

    // MARK: Mutators (delta form)

    /// Adds `element` with a fresh dot of `replica`; returns the delta (the element with its
    /// new dot, and a context naming the dot and the older dots it supersedes).
    @discardableResult
    public mutating func insert(_ element: Element, by replica: ReplicaID) -> AWORSet {
        let dot = context.nextDot(for: replica)
        let superseded = entries[element] ?? []
        entries[element] = [dot]
        var delta = AWORSet()
        delta.entries[element] = [dot]
        delta.context = CausalContext(dots: superseded.union([dot]))
        return delta
    }

    /// Removes `element` as observed here; returns the delta (a context of the removed dots).
    /// Removing an absent element changes nothing and returns the bottom.
    @discardableResult
    public mutating func remove(_ element: Element) -> AWORSet {
        var delta = AWORSet()
        if let observed = entries.removeValue(forKey: element) {
            delta.context = CausalContext(dots: observed)
        }
        return delta
    }

    /// Removes every element observed here; returns the delta.
    @discardableResult
    public mutating func removeAll() -> AWORSet {
        var delta = AWORSet()
        delta.context = CausalContext(dots: entries.values.joined())
        entries = [:]
        return delta
    }

    /// Forgets `replica` in the causal context (a node removed from the cluster) while
    /// keeping the dots of elements it added that are still present, so those elements
    /// neither vanish nor can be resurrected by a merge. Apply on every replica at a causally
    /// stable cut; it is idempotent, so re-apply after merging with a replica that had not
    /// pruned yet.
    public mutating func prune(replica: ReplicaID) {
        context.prune(replica: replica)
        for dots in entries.values {
            for dot in dots where dot.replica == replica { context.insert(dot) }
        }
    }

    // MARK: Merge

    /// A dot survives if both sides have it, or one side has it and the other never saw it.
    public mutating func merge(_ other: AWORSet) {
        var merged: [Element: Set<Dot>] = [:]
        merged.reserveCapacity(max(entries.count, other.entries.count))
        for (element, mine) in entries {
            let theirs = other.entries[element] ?? []
            var kept = mine.filter { theirs.contains($0) || !other.context.contains($0) }
            for dot in theirs where !context.contains(dot) { kept.insert(dot) }
            if !kept.isEmpty { merged[element] = kept }
        }
        for (element, theirs) in other.entries where entries[element] == nil {
            let kept = theirs.filter { !context.contains($0) }
            if !kept.isEmpty { merged[element] = kept }
        }
        entries = merged
        context.merge(other.context)
    }

    // MARK: Codable

    // {"context": …, "entries": [{"key": element, "value": [dots]}, …]}, entries in canonical
    // element order and dots sorted. Decoding checks the invariants merge relies on.

    private enum CodingKeys: String, CodingKey { case context, entries }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let context = try c.decode(CausalContext.self, forKey: .context)
        let pairs = try c.decodeArray(KeyValuePair<Element, [Dot]>.self, forKey: .entries,
                                      countMax: CRDTLimits.elementsMax, what: "observed-remove set")
        var entries: [Element: Set<Dot>] = [:]
        var seen = Set<Dot>()
        for pair in pairs {
            let dots = Set(pair.value)
            guard !dots.isEmpty, dots.count <= CRDTLimits.dotsPerElementMax else {
                throw c.corrupt(.entries, "observed-remove set: an element needs 1...\(CRDTLimits.dotsPerElementMax) dots, got \(dots.count)")
            }
            guard dots.count == pair.value.count, seen.isDisjoint(with: dots) else {
                throw c.corrupt(.entries, "observed-remove set: a dot is listed twice")
            }
            guard dots.allSatisfy(context.contains) else {
                throw c.corrupt(.entries, "observed-remove set: a dot is missing from the causal context")
            }
            guard entries.updateValue(dots, forKey: pair.key) == nil else {
                throw c.corrupt(.entries, "observed-remove set: duplicate element")
            }
            seen.formUnion(dots)
        }
        self.entries = entries
        self.context = context
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(context, forKey: .context)
        let elements = try CanonicalOrder.sorted(entries.keys)
        let pairs = elements.map { KeyValuePair(key: $0, value: dots(of: $0)) }
        try c.encode(pairs, forKey: .entries)
    }
}

extension AWORSet where Element: Comparable {
    /// The elements in ascending order.
    public var sorted: [Element] { entries.keys.sorted() }
}
