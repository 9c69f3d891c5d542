import CourtyardRuntime
import NIOCore

/// Decodes `TransportFrame`s from the byte stream. The header (magic, version, lane,
/// flags, length) is validated before the body is buffered, so an oversize or foreign
/// stream is refused after at most 12 bytes; the envelope's type is checked against the
/// manifest before the payload is copied. Errors are `FrameError`s; the pipeline's
/// connection handler logs them and closes the connection.
public struct FrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = TransportFrame

    public let manifest: TypeManifest
    public let frameBytesMax: Int

    public init(manifest: TypeManifest, frameBytesMax: Int = FrameHeader.frameBytesMaxDefault) {
        self.manifest = manifest
        self.frameBytesMax = frameBytesMax
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let frame = try nextFrame(&buffer) else { return .needMoreData }
        context.fireChannelRead(wrapInboundOut(frame))
        return .continue
    }

    public mutating func decodeLast(
        context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool
    ) throws -> DecodingState {
        if let frame = try nextFrame(&buffer) {
            context.fireChannelRead(wrapInboundOut(frame))
            return .continue
        }
        if buffer.readableBytes > 0 {
            let left = buffer.readableBytes
            buffer.moveReaderIndex(forwardBy: left)
            throw FrameError(.truncated, "connection closed with \(left) bytes of an incomplete frame")
        }
        return .needMoreData
    }

    // MARK: Parsing

    /// The next complete frame, consuming its bytes; nil (consuming nothing) when incomplete.
    func nextFrame(_ buffer: inout ByteBuffer) throws(FrameError) -> TransportFrame? {
        let headerBytes = buffer.getBytes(at: buffer.readerIndex,
                                          length: min(buffer.readableBytes, FrameHeader.byteCount)) ?? []
        guard let header = try FrameHeader.parse(headerBytes[...], frameBytesMax: frameBytesMax) else { return nil }
        let total = FrameHeader.byteCount + Int(header.bodyLength)
        guard buffer.readableBytes >= total else { return nil }
        buffer.moveReaderIndex(forwardBy: FrameHeader.byteCount)
        // Bounded by the header check above.
        let body = buffer.readBytes(length: Int(header.bodyLength)) ?? []
        let envelope = try Envelope.parse(body[...], manifest: manifest)
        // Validated by FrameHeader.parse: lane < laneCount.
        let lane = TransportLane(rawValue: header.lane) ?? .bulk
        return TransportFrame(lane: lane, message: WireMessage(type: envelope.type, payload: envelope.payload))
    }
}
