import CourtyardRuntime
import Testing

/// Every wire type the runtime sends must be acceptable to the transport's manifest, whose
/// alphabet is `[a-z0-9._-]` (1–64 bytes): a mismatch would trap the transport at start-up.
@Suite struct ClusterWireManifestTests {
    @Test func allTypes_useTheManifestAlphabet() {
        #expect(!ClusterWire.allTypes.isEmpty)
        for type in ClusterWire.allTypes {
            #expect((1...WireMessage.typeBytesMax).contains(type.utf8.count), "\(type)")
            #expect(type.utf8.allSatisfy { b in
                (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
                    || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
            }, "\(type)")
        }
    }
}
