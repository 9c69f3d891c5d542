import CourtyardRuntime
import NIOCore

/// Encodes `TransportFrame`s: 12-byte header then the envelope. Refuses (throws
/// `FrameError`) a frame whose body exceeds the limit or whose type name is invalid; the
/// transport checks both before queueing, so this is the paired assertion at the boundary.
public struct FrameEncoder: MessageToByteEncoder {
    public typealias OutboundIn = TransportFrame

    public let frameBytesMax: Int

    public init(frameBytesMax: Int = FrameHeader.frameBytesMaxDefault) {
        self.frameBytesMax = frameBytesMax
    }

    public func encode(data: TransportFrame, out: inout ByteBuffer) throws {
        let envelope = Envelope(type: data.message.type, payload: data.message.payload)
        guard TypeManifest.isValidTypeName(envelope.type.utf8) else {
            throw FrameError(.badTypeName, "cannot send message type '\(envelope.type)'")
        }
        let bodyLength = envelope.encodedByteCount
        guard bodyLength <= frameBytesMax else {
            throw FrameError(.oversize, "frame body of \(bodyLength) bytes exceeds the limit of \(frameBytesMax)")
        }
        out.reserveCapacity(minimumWritableBytes: FrameHeader.byteCount + bodyLength)
        out.writeBytes(FrameHeader(lane: data.lane.rawValue, bodyLength: UInt32(bodyLength)).encoded())
        out.writeInteger(UInt8(envelope.type.utf8.count))
        out.writeString(envelope.type)
        out.writeBytes(envelope.payload)
    }
}
