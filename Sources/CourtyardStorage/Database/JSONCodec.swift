import Foundation

/// The JSON encoding of stored documents (event bodies, ticket states, directory records).
///
/// Keys are sorted so that the same value always produces the same bytes: stored rows are
/// reproducible and comparable across replicas.
enum JSONCodec {
    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        return String(decoding: data, as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, from json: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(json.utf8))
        } catch {
            throw StorageError(.corruptRow, "stored \(type) does not decode: \(error)")
        }
    }
}
