import CourtyardCallCenter
import Foundation
import Testing

@Suite struct IdentifierTests {
    @Test func validTokens_roundTripThroughJSON() throws {
        let id = CallID("north-bay:c000123")
        let data = try JSONEncoder().encode([id])
        #expect(String(decoding: data, as: UTF8.self) == #"["north-bay:c000123"]"#)
        #expect(try JSONDecoder().decode([CallID].self, from: data) == [id])
    }

    @Test(arguments: ["", "-lead", "has space", "中文", String(repeating: "a", count: 65), "semi;colon"])
    func malformedTokens_areRefusedWithTheKindNamed(_ raw: String) {
        #expect(throws: IdentifierError.self) { try AgentID(validating: raw) }
        let json = Data(#"["\#(raw)"]"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([AgentID].self, from: json) }
        do { _ = try AgentID(validating: raw); Issue.record("accepted \(raw)") } catch { #expect(error.description.contains("agent id")) }
    }

    @Test func tokensOrderByRawValue() {
        #expect([QueueID("b"), QueueID("a")].sorted() == [QueueID("a"), QueueID("b")])
    }
}
