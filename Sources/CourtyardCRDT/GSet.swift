/// A grow-only set: elements are added, never removed; merge is union.
///
/// Encoded as an array in canonical order (by each element's canonical JSON), so equal sets
/// encode to equal bytes whatever their hash order.
public struct GSet<Element: Hashable & Codable & Sendable>: CRDT {
    public private(set) var elements: Set<Element>

    public init() { elements = [] }

    public init(_ elements: some Sequence<Element>) { self.elements = Set(elements) }

    public func contains(_ element: Element) -> Bool { elements.contains(element) }
    public var count: Int { elements.count }
    public var isEmpty: Bool { elements.isEmpty }

    // MARK: Mutators (delta form)

    /// Adds `element`; returns the delta (the singleton set).
    @discardableResult
    public mutating func insert(_ element: Element) -> GSet {
        elements.insert(element)
        return GSet([element])
    }

    public mutating func merge(_ other: GSet) { elements.formUnion(other.elements) }

    // MARK: Codable

    private enum CodingKeys: String, CodingKey { case elements }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let list = try c.decodeArray(Element.self, forKey: .elements,
                                     countMax: CRDTLimits.elementsMax, what: "grow-only set")
        elements = Set(list)
        guard elements.count == list.count else { throw c.corrupt(.elements, "grow-only set: duplicate element") }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(try CanonicalOrder.sorted(elements), forKey: .elements)
    }
}

extension GSet where Element: Comparable {
    /// The elements in ascending order.
    public var sorted: [Element] { elements.sorted() }
}
