import Foundation

// Internal helpers shared by the CRDT types' Codable conformances: a canonical order for
// any Encodable (so hashed collections encode deterministically) and bounded decoding of
// arrays (so untrusted input cannot make a decoder allocate without limit).

// MARK: - Canonical order

enum CanonicalOrder {
    /// Sorts values by their canonical JSON bytes: a total order that does not depend on
    /// hashing, process or platform, available for any `Encodable` (not only `Comparable`).
    static func sorted<T: Encodable>(_ values: some Sequence<T>) throws -> [T] {
        let keyed = try values.map { (bytes: try CRDTCodec.encode($0), value: $0) }
        return keyed.sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }.map(\.value)
    }

    /// Picks one of two values deterministically (the one with the smaller canonical bytes).
    /// Used only to resolve states that should never differ (two payloads under one unique
    /// id) so that merge stays commutative even on corrupt input.
    static func smaller<T: Encodable>(_ a: T, _ b: T) -> T {
        guard let ea = try? CRDTCodec.encode(a), let eb = try? CRDTCodec.encode(b) else { return a }
        return eb.lexicographicallyPrecedes(ea) ? b : a
    }
}

// MARK: - Pairs

/// A dictionary entry encoded as `{"key": …, "value": …}`: maps whose keys are not strings
/// encode as arrays of these, sorted canonically.
struct KeyValuePair<Key: Codable, Value: Codable>: Codable {
    var key: Key
    var value: Value
}

// MARK: - Bounded decoding

extension KeyedDecodingContainer {
    /// Decodes an array under `key`, refusing more than `countMax` elements before decoding them.
    func decodeArray<T: Decodable>(_ type: T.Type, forKey key: Key, countMax: Int, what: String) throws -> [T] {
        var u = try nestedUnkeyedContainer(forKey: key)
        if let n = u.count, n > countMax {
            throw DecodingError.dataCorruptedError(forKey: key, in: self,
                                                   debugDescription: "\(what): \(n) entries exceed the limit of \(countMax)")
        }
        var out: [T] = []
        while !u.isAtEnd {
            guard out.count < countMax else {
                throw DecodingError.dataCorruptedError(forKey: key, in: self,
                                                       debugDescription: "\(what): more than \(countMax) entries")
            }
            out.append(try u.decode(T.self))
        }
        return out
    }

    /// A `dataCorrupted` error at `key` with a message naming what was wrong.
    func corrupt(_ key: Key, _ message: String) -> DecodingError {
        DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: message)
    }
}
