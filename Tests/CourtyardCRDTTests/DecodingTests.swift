import CourtyardCRDT
import Foundation
import Testing

private func decode<T: Decodable>(_ type: T.Type, _ json: String) throws(CRDTCodecError) -> T {
    try CRDTCodec.decode(T.self, from: Data(json.utf8))
}

/// Untrusted bytes: every malformed or invariant-breaking input throws a typed error.
@Suite("Decoding untrusted input")
struct DecodingTests {
    @Test func gCounter_validInput_decodes() throws {
        let g = try decode(GCounter.self, #"{"counts":{"entries":[{"counter":2,"replica":"hq"},{"counter":3,"replica":"nb"}]}}"#)
        #expect(g.value == 5)
    }

    @Test(arguments: [
        #"{"counts":{"entries":[{"counter":-1,"replica":"hq"}]}}"#,                            // negative
        #"{"counts":{"entries":[{"counter":0,"replica":"hq"}]}}"#,                             // zero
        #"{"counts":{"entries":[{"counter":1,"replica":"hq"},{"counter":2,"replica":"hq"}]}}"#, // duplicate
        #"{"counts":{"entries":[{"counter":1,"replica":"HQ!"}]}}"#,                            // bad replica id
        #"{"counts":{"entries":[{"counter":4611686018427387905,"replica":"hq"}]}}"#,           // above 2^62
        #"{"counts":{"entries":[{"counter":1.5,"replica":"hq"}]}}"#,                           // not an integer
        #"{"counts":{}}"#,                                                                     // missing entries
        #"{"counts":"#,                                                                        // truncated
        "",
    ])
    func gCounter_invalidInput_throws(json: String) {
        let error = #expect(throws: CRDTCodecError.self) { try decode(GCounter.self, json) }
        #expect(error?.kind == .invalid)
    }

    @Test func duplicateEntry_errorMessageNamesTheProblem() {
        let json = #"{"entries":[{"counter":1,"replica":"hq"},{"counter":2,"replica":"hq"}]}"#
        let error = #expect(throws: CRDTCodecError.self) { try decode(VersionVector.self, json) }
        #expect(error?.message.contains("duplicate entry for replica 'hq'") == true)
    }

    @Test func causalContext_duplicateCloudDot_throws() {
        let json = #"{"cloud":[{"counter":5,"replica":"hq"},{"counter":5,"replica":"hq"}],"vector":{"entries":[]}}"#
        #expect(throws: CRDTCodecError.self) { try decode(CausalContext.self, json) }
    }

    @Test func causalContext_nonCanonicalCloud_isCompactedOnDecode() throws {
        let json = #"{"cloud":[{"counter":1,"replica":"hq"},{"counter":3,"replica":"hq"}],"vector":{"entries":[]}}"#
        let ctx = try decode(CausalContext.self, json)
        #expect(ctx.vector[ReplicaID("hq")] == 1 && ctx.cloud == [Dot(replica: ReplicaID("hq"), counter: 3)])
    }

    @Test(arguments: [
        // dot not in the context
        #"{"context":{"cloud":[],"vector":{"entries":[]}},"entries":[{"key":1,"value":[{"counter":1,"replica":"hq"}]}]}"#,
        // element without dots
        #"{"context":{"cloud":[],"vector":{"entries":[]}},"entries":[{"key":1,"value":[]}]}"#,
        // one dot on two elements
        #"{"context":{"cloud":[],"vector":{"entries":[{"counter":1,"replica":"hq"}]}},"entries":[{"key":1,"value":[{"counter":1,"replica":"hq"}]},{"key":2,"value":[{"counter":1,"replica":"hq"}]}]}"#,
        // duplicate element
        #"{"context":{"cloud":[],"vector":{"entries":[{"counter":2,"replica":"hq"}]}},"entries":[{"key":1,"value":[{"counter":1,"replica":"hq"}]},{"key":1,"value":[{"counter":2,"replica":"hq"}]}]}"#,
    ])
    func aworSet_brokenInvariant_throws(json: String) {
        #expect(throws: CRDTCodecError.self) { try decode(AWORSet<Int>.self, json) }
    }

    @Test func eventSet_duplicateID_throws() {
        let event = #"{"id":{"hlc":{"logical":0,"wallMs":1},"origin":"hq"},"text":"漏水"}"#
        #expect(throws: CRDTCodecError.self) {
            try decode(EventSet<NoteEvent>.self, #"{"events":[\#(event),\#(event)]}"#)
        }
    }

    @Test func gSet_duplicateElement_throws() {
        #expect(throws: CRDTCodecError.self) { try decode(GSet<Int>.self, #"{"elements":[1,1]}"#) }
    }

    @Test func maps_duplicateOrBottomEntries_throw() {
        let reg = #"{"entry":{"stamp":{"hlc":{"logical":0,"wallMs":1},"origin":"hq"},"value":1}}"#
        #expect(throws: CRDTCodecError.self) {
            try decode(LWWMap<String, Int>.self, #"{"entries":[{"key":"a","value":\#(reg)},{"key":"a","value":\#(reg)}]}"#)
        }
        #expect(throws: CRDTCodecError.self) {
            try decode(LWWMap<String, Int>.self, #"{"entries":[{"key":"a","value":{}}]}"#)
        }
        let emptySet = #"{"context":{"cloud":[],"vector":{"entries":[]}},"entries":[]}"#
        #expect(throws: CRDTCodecError.self) {
            try decode(ORMap<String, GCounter>.self,
                       #"{"keys":\#(emptySet),"values":[{"key":"a","value":{"counts":{"entries":[]}}}]}"#)
        }
    }

    @Test func oversizedInput_isRefusedBeforeParsing() {
        let error = #expect(throws: CRDTCodecError.self) {
            try CRDTCodec.decode(GSet<Int>.self, from: Data(repeating: 32, count: 101), bytesMax: 100)
        }
        #expect(error?.kind == .tooLarge)
    }

    @Test func encoding_isCanonical_sortedKeysAndSortedEntries() throws {
        var set = AWORSet<String>()
        set.insert("b", by: ReplicaID("hq"))
        set.insert("a", by: ReplicaID("hq"))
        let json = String(decoding: try CRDTCodec.encode(set), as: UTF8.self)
        #expect(json == #"{"context":{"cloud":[],"vector":{"entries":[{"counter":2,"replica":"hq"}]}},"entries":[{"key":"a","value":[{"counter":2,"replica":"hq"}]},{"key":"b","value":[{"counter":1,"replica":"hq"}]}]}"#)
    }
}
