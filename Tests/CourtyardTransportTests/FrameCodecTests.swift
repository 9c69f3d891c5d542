import CourtyardRuntime
import NIOCore
import NIOEmbedded
import Testing
@testable import CourtyardTransport

@Suite struct FrameCodecTests {
    let manifest = TypeManifest(["test.ping", "test.delta"])

    func makeChannel(frameBytesMax: Int = 1024) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandlers([
            ByteToMessageHandler(FrameDecoder(manifest: manifest, frameBytesMax: frameBytesMax)),
            MessageToByteHandler(FrameEncoder(frameBytesMax: frameBytesMax)),
        ])
        return channel
    }

    func bytes(_ lane: UInt8 = 0, type: String, payload: [UInt8], version: UInt16 = 1,
               magic: [UInt8] = FrameHeader.magic) -> ByteBuffer {
        var raw = FrameParser.encode(lane: lane, envelope: Envelope(type: type, payload: payload))
        raw.replaceSubrange(0..<4, with: magic)
        raw[4] = UInt8(version >> 8)
        raw[5] = UInt8(version & 0xFF)
        return ByteBuffer(bytes: raw)
    }

    /// Feeds `buffer` inbound and returns the frame error it causes.
    func inboundError(_ channel: EmbeddedChannel, _ buffer: ByteBuffer) -> FrameError? {
        do {
            try channel.writeInbound(buffer)
            return nil
        } catch let error as FrameError {
            return error
        } catch {
            return nil
        }
    }

    // MARK: Round trip

    @Test func encodeThenDecode_roundTripsBothLanes() throws {
        let channel = try makeChannel()
        let frames = [
            TransportFrame(lane: .control, message: WireMessage(type: "test.ping", payload: Array(#"{"seq":1}"#.utf8))),
            TransportFrame(lane: .bulk, message: WireMessage(type: "test.delta", payload: Array("工单 报修".utf8))),
            TransportFrame(lane: .bulk, message: WireMessage(type: "test.delta", payload: [])),
        ]
        for frame in frames { try channel.writeOutbound(frame) }
        var wire = ByteBuffer()
        while var chunk = try channel.readOutbound(as: ByteBuffer.self) { wire.writeBuffer(&chunk) }
        // Deliver one byte at a time: the decoder must reassemble.
        while let byte = wire.readSlice(length: 1) { try channel.writeInbound(byte) }
        for expected in frames { #expect(try channel.readInbound(as: TransportFrame.self) == expected) }
        #expect(try channel.readInbound(as: TransportFrame.self) == nil)
        #expect(try channel.finish().isClean)
    }

    // MARK: Refusals

    @Test func garbage_isRefusedAsBadMagic() throws {
        let channel = try makeChannel()
        let error = inboundError(channel, ByteBuffer(string: "GET / HTTP/1.1\r\n\r\n"))
        #expect(error?.kind == .badMagic)
        _ = try? channel.finish()
    }

    @Test func wrongMagic_isRefusedAfterFirstDifferentByte() throws {
        let channel = try makeChannel()
        #expect(inboundError(channel, ByteBuffer(bytes: [0x43, 0x59, 0x00]))?.kind == .badMagic)
        _ = try? channel.finish()
    }

    @Test func wrongVersion_isRefused() throws {
        let channel = try makeChannel()
        let error = inboundError(channel, bytes(type: "test.ping", payload: [1], version: 2))
        #expect(error?.kind == .unsupportedVersion)
        _ = try? channel.finish()
    }

    @Test func oversizedLength_isRefusedFromTheHeaderAlone() throws {
        let channel = try makeChannel(frameBytesMax: 1024)
        // Only the 12 header bytes, declaring a 10 MiB body: refused without waiting for it.
        let header = FrameHeader(lane: 1, bodyLength: 10 * 1024 * 1024).encoded()
        #expect(inboundError(channel, ByteBuffer(bytes: header))?.kind == .oversize)
        _ = try? channel.finish()
    }

    @Test func unknownType_isRefusedBeforeThePayload() throws {
        let channel = try makeChannel()
        let error = inboundError(channel, bytes(type: "evil.exec", payload: Array("rm -rf".utf8)))
        #expect(error?.kind == .unknownType)
        _ = try? channel.finish()
    }

    @Test func invalidTypeName_isRefused() throws {
        let channel = try makeChannel()
        // A type length byte of 200 with only 3 bytes following.
        var raw = FrameHeader(lane: 0, bodyLength: 4).encoded()
        raw += [200, 0x61, 0x62, 0x63]
        #expect(inboundError(channel, ByteBuffer(bytes: raw))?.kind == .malformedEnvelope)
        _ = try? channel.finish()
    }

    @Test func badLane_isRefused() throws {
        let channel = try makeChannel()
        #expect(inboundError(channel, bytes(7, type: "test.ping", payload: []))?.kind == .badLane)
        _ = try? channel.finish()
    }

    @Test func truncatedFrameAtClose_isReportedAsTruncated() throws {
        let channel = try makeChannel()
        var buffer = bytes(type: "test.ping", payload: Array(repeating: 1, count: 50))
        let partial = buffer.readSlice(length: 30)!
        try channel.writeInbound(partial)
        #expect(try channel.readInbound(as: TransportFrame.self) == nil)
        #expect(throws: FrameError.self) { _ = try channel.finish() }
    }

    @Test func encoder_refusesOversizedMessage() throws {
        let channel = try makeChannel(frameBytesMax: 16)
        let frame = TransportFrame(lane: .bulk, message: WireMessage(type: "test.delta", payload: Array(repeating: 0, count: 64)))
        #expect(throws: FrameError.self) { try channel.writeOutbound(frame) }
        _ = try? channel.finish()
    }

    // MARK: Pure parser (the fuzzed code path)

    @Test func parser_acceptedFramesReencodeToTheirInput() throws {
        let raw = FrameParser.encode(lane: 0, envelope: Envelope(type: "test.ping", payload: [1, 2]))
            + FrameParser.encode(lane: 1, envelope: Envelope(type: "test.delta", payload: Array("维修".utf8)))
        let frames = try FrameParser.all(raw, manifest: manifest)
        #expect(frames.count == 2)
        #expect(frames.flatMap { FrameParser.encode(lane: $0.lane, envelope: $0.envelope) } == raw)
    }

    @Test func parser_leftoverBytes_areTruncated() {
        let raw = FrameParser.encode(lane: 0, envelope: Envelope(type: "test.ping", payload: [1, 2]))
        #expect(throws: FrameError(.truncated, "connection closed with 5 bytes of an incomplete frame")) {
            _ = try FrameParser.all(Array(raw.prefix(5)), manifest: manifest)
        }
    }
}
