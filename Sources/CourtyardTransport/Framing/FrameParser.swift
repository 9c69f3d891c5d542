// Pure Swift: no imports, so the fuzz harness (Fuzz/FrameDecoder) compiles this file alone.

/// One decoded frame before it is mapped onto runtime types.
public struct RawFrame: Hashable, Sendable {
    public var lane: UInt8
    public var envelope: Envelope
}

/// Incremental frame parsing over a byte array: the same header and envelope checks the
/// NIO decoder runs, without NIO, for the fuzz harness and for tests.
public enum FrameParser {
    /// The next frame at the start of `bytes` and how many bytes it used; nil when more
    /// bytes are needed. Throws as soon as the bytes present are known to be invalid.
    public static func next(
        _ bytes: ArraySlice<UInt8>, manifest: TypeManifest,
        frameBytesMax: Int = FrameHeader.frameBytesMaxDefault
    ) throws(FrameError) -> (frame: RawFrame, consumed: Int)? {
        guard let header = try FrameHeader.parse(bytes, frameBytesMax: frameBytesMax) else { return nil }
        let total = FrameHeader.byteCount + Int(header.bodyLength)
        guard bytes.count >= total else { return nil }
        let bodyStart = bytes.startIndex + FrameHeader.byteCount
        let envelope = try Envelope.parse(bytes[bodyStart..<(bytes.startIndex + total)], manifest: manifest)
        return (RawFrame(lane: header.lane, envelope: envelope), total)
    }

    /// Every complete frame in `bytes`; throws `.truncated` when bytes are left over, as at
    /// the close of a connection.
    public static func all(
        _ bytes: [UInt8], manifest: TypeManifest,
        frameBytesMax: Int = FrameHeader.frameBytesMaxDefault
    ) throws(FrameError) -> [RawFrame] {
        var frames: [RawFrame] = []
        var rest = bytes[...]
        while !rest.isEmpty {
            guard let (frame, used) = try next(rest, manifest: manifest, frameBytesMax: frameBytesMax) else {
                throw FrameError(.truncated, "connection closed with \(rest.count) bytes of an incomplete frame")
            }
            frames.append(frame)
            rest = rest.dropFirst(used)
        }
        return frames
    }

    /// Header plus body bytes of one frame.
    public static func encode(lane: UInt8, envelope: Envelope) -> [UInt8] {
        let body = envelope.encoded()
        return FrameHeader(lane: lane, bodyLength: UInt32(body.count)).encoded() + body
    }
}
