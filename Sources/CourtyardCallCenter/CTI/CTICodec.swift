import Foundation

// MARK: - Encoding and checked decoding of CTI frames

/// Turns frames into typed messages and back. Decoding checks, in order: frame size,
/// JSON, `v`, `type`, `seq`, then the fields the type requires and their bounds; the
/// first failure is returned as a `CTIProtocolError` (never thrown past the caller, never
/// a crash). Encoding sorts keys, so frames are byte-stable (golden tests, logs).
public enum CTICodec {
    // MARK: Encode

    /// The JSON text of a node → gateway command.
    public static func encode(_ out: CTIOutbound) -> String { json(CTIWire(out)) }

    /// The JSON text of a gateway → node event (used by gateways such as `courtyard dial`).
    public static func encode(_ inb: CTIInbound) -> String { json(CTIWire(inb)) }

    private static func json(_ wire: CTIWire) -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a struct of strings, numbers and arrays cannot fail.
        let data = (try? enc.encode(wire)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    // MARK: Decode

    /// Decodes an event a gateway sent.
    public static func decodeEvent(_ frame: some Collection<UInt8>) -> Result<CTIInbound, CTIProtocolError> {
        decodeWire(frame, events: true).flatMap { w in
            var f = Fields(w)
            return Result { () throws(CTIProtocolError) in try CTIInbound(seq: w.seq!, event: f.event()) }
        }
    }

    /// Decodes a command a node sent (the gateway side of the protocol).
    public static func decodeCommand(_ frame: some Collection<UInt8>) -> Result<CTIOutbound, CTIProtocolError> {
        decodeWire(frame, events: false).flatMap { w in
            var f = Fields(w)
            return Result { () throws(CTIProtocolError) in try CTIOutbound(seq: w.seq!, command: f.command()) }
        }
    }

    private struct Header: Decodable {
        var v: Int?
        var type: String?
        var seq: UInt64?
    }

    private static func decodeWire(_ frame: some Collection<UInt8>, events: Bool) -> Result<CTIWire, CTIProtocolError> {
        guard frame.count <= CTIProtocol.frameBytesMax else {
            return .failure(.init(.frameTooLarge, "frame of \(frame.count) bytes exceeds \(CTIProtocol.frameBytesMax)"))
        }
        let data = Data(frame)
        let dec = JSONDecoder()
        guard let header = try? dec.decode(Header.self, from: data) else {
            return .failure(.init(.malformedJSON, "frame is not a JSON object with numeric v and seq and a string type"))
        }
        guard let v = header.v else { return .failure(.init(.missingField, "missing field v", refSeq: header.seq)) }
        guard v == CTIProtocol.version else {
            return .failure(.init(.unsupportedVersion, "protocol version \(v) is not supported; this node speaks v\(CTIProtocol.version)", refSeq: header.seq))
        }
        guard let type = header.type else { return .failure(.init(.missingField, "missing field type", refSeq: header.seq)) }
        guard let t = CTIMessageType(rawValue: type), t.isEvent == events else {
            return .failure(.init(.unknownType, "unknown message type '\(type.prefix(40))'", refSeq: header.seq))
        }
        guard header.seq != nil else { return .failure(.init(.missingField, "missing field seq")) }
        do {
            return .success(try dec.decode(CTIWire.self, from: data))
        } catch let DecodingError.typeMismatch(_, ctx), let DecodingError.dataCorrupted(ctx),
                let DecodingError.valueNotFound(_, ctx), let DecodingError.keyNotFound(_, ctx) {
            let path = ctx.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            return .failure(.init(.invalidField, "field \(path): \(ctx.debugDescription.prefix(200))", refSeq: header.seq))
        } catch {
            return .failure(.init(.malformedJSON, "undecodable frame", refSeq: header.seq))
        }
    }
}
