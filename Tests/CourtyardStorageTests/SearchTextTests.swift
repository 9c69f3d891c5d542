@testable import CourtyardStorage
import Testing

/// The pure tokenisation behind search: what is indexed and what a query becomes.
@Suite("SearchText")
struct SearchTextTests {
    @Test func indexForm_chineseRun_becomesBigramsPlusLastCharacter() {
        #expect(SearchText.indexForm("厨房水龙头漏水") == "厨房 房水 水龙 龙头 头漏 漏水 水")
    }

    @Test func indexForm_mixedScript_splitsAtScriptBoundaries() {
        #expect(SearchText.indexForm("A栋3号楼, Room 12") == "a 栋 3 号楼 楼 room 12")
    }

    @Test func indexForm_fullWidthCharacters_areNormalised() {
        #expect(SearchText.indexForm("３号楼ＡＢ") == "3 号楼 楼 ab")
    }

    @Test func matchExpression_twoCharacters_isOneExactBigram() throws {
        #expect(try SearchText.matchExpression("漏水") == "\"漏水\"")
    }

    @Test func matchExpression_singleCharacter_isPrefixQuery() throws {
        #expect(try SearchText.matchExpression("漏") == "\"漏\" *")
    }

    @Test func matchExpression_runBoundedByLatin_includesItsLastCharacter() throws {
        #expect(try SearchText.matchExpression("号楼3") == "\"号楼 楼 3\" *")
        #expect(try SearchText.matchExpression("A栋") == "\"a 栋\" *")
    }

    @Test func matchExpression_termsSeparatedBySpacesOrPunctuation_areAnded() throws {
        #expect(try SearchText.matchExpression("3号楼 电梯") == "\"3 号楼\" AND \"电梯\"")
        #expect(try SearchText.matchExpression("NB-2026") == "\"nb\" * AND \"2026\" *")
    }

    @Test func matchExpression_ftsSyntax_isDroppedOrQuoted() throws {
        #expect(try SearchText.matchExpression("\"*():^") == nil)
        #expect(try SearchText.matchExpression("漏水 AND NEAR") == "\"漏水\" AND \"and\" * AND \"near\" *")
    }

    @Test func matchExpression_overLimits_throws() {
        #expect(throws: StorageError.self) {
            try SearchText.matchExpression(String(repeating: "x", count: SearchText.queryCharactersMax + 1))
        }
        #expect(throws: StorageError.self) {
            try SearchText.matchExpression(Array(repeating: "a", count: SearchText.queryTermsMax + 1).joined(separator: " "))
        }
    }
}
