// libFuzzer entry point for the frame + envelope decoder (Sources/CourtyardTransport/Framing).
// Built by build.sh together with those pure files; see docs/fuzzing.md.

/// The allow-list the harness decodes against: a couple of real-looking names so the
/// fuzzer can discover both the accepted and the refused paths.
let manifest = TypeManifest(["membership.ping", "replication.delta"])

/// A small limit so oversize frames are reachable with short inputs.
let frameBytesMax = 1 << 12

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrameDecoder(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // Property 1: never crashes (ASan/UBSan catch memory errors; traps are crashes).
    // Property 2: anything accepted re-encodes to exactly the input bytes.
    do {
        let frames = try FrameParser.all(bytes, manifest: manifest, frameBytesMax: frameBytesMax)
        var reencoded: [UInt8] = []
        for frame in frames { reencoded += FrameParser.encode(lane: frame.lane, envelope: frame.envelope) }
        precondition(reencoded == bytes, "decoded frames do not re-encode to the input")
    } catch {
        // Property 3: incremental parsing agrees: the same error or a need for more bytes.
        _ = try? FrameParser.next(bytes[...], manifest: manifest, frameBytesMax: frameBytesMax)
    }
    return 0
}
