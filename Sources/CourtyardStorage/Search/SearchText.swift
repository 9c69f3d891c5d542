import Foundation

/// CJK-aware full-text search over FTS5: the token stream we index and the MATCH
/// expressions we build from untrusted user queries.
///
/// ## Why bigrams, and how
///
/// FTS5's `unicode61` tokenizer does not segment Chinese: `厨房水龙头漏水` is one token, so a
/// search for `漏水` finds nothing. The `trigram` tokenizer finds substrings of three or more
/// characters but not `漏水` (two) or `漏` (one) — the most common Chinese query lengths —
/// and would need a slow `LIKE` fallback for exactly the queries that matter most.
///
/// So we segment in Swift and store a pre-tokenised text in tables using FTS5's `ascii`
/// tokenizer (which splits only on ASCII spaces and punctuation and keeps every non-ASCII
/// character, so our tokens pass through intact):
///
/// - Text is NFKC-normalised (full-width `３` → `3`) and lower-cased.
/// - A run of Latin letters or digits is one token: `a`, `3`, `13800138000`.
/// - A run of CJK characters c1…cn becomes its overlapping bigrams c1c2 … c(n-1)cn followed by
///   the single character cn: `厨房水龙头漏水` → `厨房 房水 水龙 龙头 头漏 漏水 水`.
/// - Anything else (spaces, punctuation, symbols) separates tokens.
///
/// A query is split into terms at spaces and punctuation; terms are ANDed. Within a term
/// (`3号楼`, `A栋`, `水龙头漏水`) the tokens form an FTS5 *phrase*, so adjacency is kept:
/// - a CJK run of two or more characters queries its bigrams, consecutive in the phrase, so
///   it matches exactly the documents containing it as a substring;
/// - a CJK run followed by a Latin word in the query must also end there in the document, so
///   it also queries the trailing single character the index holds for every run end;
/// - a term that ends in a single CJK character or a Latin word is a prefix query on its
///   last token (`漏*` matches every bigram starting with 漏 and the trailing `漏`, i.e. every
///   occurrence of the character; `1380*` matches phone numbers by prefix).
///
/// Every token is quoted and contains only letters and digits, so FTS5 syntax in user input
/// (`"`, `*`, `AND`, `NEAR`, `(`, `:`, `^`, `-`) is either a separator or a literal word and
/// can never cause an SQL error.
enum SearchText {
    /// Bound on a query's length in characters (untrusted input).
    static let queryCharactersMax = 200
    /// Bound on the number of terms of one query.
    static let queryTermsMax = 16

    // MARK: Index form

    /// The token text stored in an FTS5 column for `text`.
    static func indexForm(_ text: String) -> String {
        var tokens: [String] = []
        for term in terms(of: text) {
            for segment in term {
                switch segment {
                case .word(let word):
                    tokens.append(word)
                case .cjk(let run):
                    tokens += bigrams(run)
                    tokens.append(String(String.UnicodeScalarView(run.suffix(1))))
                }
            }
        }
        return tokens.joined(separator: " ")
    }

    /// The index form of several fields joined into one column.
    static func indexForm(_ texts: [String]) -> String {
        texts.map(indexForm).filter { !$0.isEmpty }.joined(separator: " ")
    }

    // MARK: Query form

    /// An FTS5 MATCH expression for an untrusted user query, or nil when the query holds no
    /// searchable character (then the result is empty, not everything).
    static func matchExpression(_ query: String) throws(StorageError) -> String? {
        guard query.count <= queryCharactersMax else {
            throw StorageError(.searchQueryTooLong,
                               "search query has \(query.count) characters; the limit is \(queryCharactersMax)")
        }
        let parsed = terms(of: query)
        guard parsed.count <= queryTermsMax else {
            throw StorageError(.searchQueryTooLong,
                               "search query has \(parsed.count) terms; the limit is \(queryTermsMax)")
        }
        let expressions = parsed.map(phrase(for:))
        return expressions.isEmpty ? nil : expressions.joined(separator: " AND ")
    }

    /// One term as a quoted FTS5 phrase, with a prefix marker when its last token is open.
    private static func phrase(for term: [Segment]) -> String {
        var tokens: [String] = []
        var prefix = false
        for (index, segment) in term.enumerated() {
            let isLast = index == term.count - 1
            switch segment {
            case .word(let word):
                tokens.append(word)
                prefix = isLast
            case .cjk(let run):
                tokens += bigrams(run)
                if !isLast || run.count == 1 {
                    // Bounded on the right (or a lone character): the run's last character is
                    // indexed on its own; when it ends the term, match it as a prefix so a
                    // following bigram in the document matches too.
                    tokens.append(String(String.UnicodeScalarView(run.suffix(1))))
                }
                prefix = isLast && run.count == 1
            }
        }
        // Tokens hold only letters and digits; doubling quotes is defence in depth.
        let body = tokens.joined(separator: " ").replacingOccurrences(of: "\"", with: "\"\"")
        return "\"\(body)\"" + (prefix ? " *" : "")
    }

    // MARK: Segmentation

    enum Segment: Equatable {
        case word(String)
        case cjk([Unicode.Scalar])
    }

    /// Splits normalised text into terms (separated by anything that is neither a letter,
    /// a digit nor CJK), each a sequence of alternating word and CJK segments.
    static func terms(of text: String) -> [[Segment]] {
        let normalised = text.precomposedStringWithCompatibilityMapping.lowercased()
        var terms: [[Segment]] = []
        var term: [Segment] = []
        var word = String.UnicodeScalarView()
        var run: [Unicode.Scalar] = []

        func flushWord() {
            if !word.isEmpty { term.append(.word(String(word))); word = String.UnicodeScalarView() }
        }
        func flushRun() {
            if !run.isEmpty { term.append(.cjk(run)); run = [] }
        }
        for scalar in normalised.unicodeScalars {
            if isCJK(scalar) {
                flushWord()
                run.append(scalar)
            } else if isWordCharacter(scalar) {
                flushRun()
                word.append(scalar)
            } else {
                flushWord()
                flushRun()
                if !term.isEmpty { terms.append(term); term = [] }
            }
        }
        flushWord()
        flushRun()
        if !term.isEmpty { terms.append(term) }
        return terms
    }

    private static func bigrams(_ run: [Unicode.Scalar]) -> [String] {
        guard run.count >= 2 else { return [] }
        return (0..<(run.count - 1)).map { String(String.UnicodeScalarView(run[$0...($0 + 1)])) }
    }

    /// Scripts written without spaces between words: Han, kana, Hangul syllables.
    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x323AF:  // Han
            true
        case 0x3040...0x309F, 0x30A0...0x30FF, 0x31F0...0x31FF:  // Hiragana, Katakana
            true
        case 0xAC00...0xD7AF:  // Hangul syllables
            true
        case 0x3005, 0x3007:  // 々, 〇
            true
        default:
            false
        }
    }

    private static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        return properties.isAlphabetic || properties.numericType != nil
    }
}
