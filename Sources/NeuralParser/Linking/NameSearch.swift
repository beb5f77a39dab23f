import Foundation
import KnowledgeGraph

/// Where the entity linker looks up the names a question might mention. Candidates only need to be plausible:
/// the linker decides by edit distance, so a search may return too much but should not miss a close name.
/// Both implementations share one notion of "near" (shared trigrams, ranked like FTS5's BM25, short text by
/// prefix), so a parser trained over an in-memory vocabulary sees the same candidates at run time.
public protocol NameSearch<Failure>: Sendable {
    associatedtype Failure: Error = Never

    /// Up to `limit` names sharing letters with `text`, best first, ignoring case.
    func candidates(near text: String, limit: Int) throws(Failure) -> [String]
}

/// Searches the symbols stored in a knowledge base through its trigram index.
public struct KnowledgeBaseNameSearch: NameSearch {
    public let knowledgeBase: KnowledgeBase

    public init(knowledgeBase: KnowledgeBase) {
        self.knowledgeBase = knowledgeBase
    }

    public func candidates(near text: String, limit: Int) throws(KnowledgeGraphError) -> [String] {
        try knowledgeBase.searchSymbols(near: text, limit: limit)
    }
}

/// A trigram index over a list of names held in memory, for training over generated vocabularies where a
/// database per example would be far too slow. It mirrors `KnowledgeBase.searchSymbols`: the same trigrams
/// (three Unicode scalars of the lower-cased text, spaces included), BM25 with FTS5's constants (a trigram repeated
/// within one name counts once, which for names changes nothing that matters), and the same exact-then-prefix
/// match for text shorter than three characters.
public struct InMemoryNameSearch: NameSearch, Sendable {
    public let names: [String]
    /// The lower-cased names, for the short-text match.
    private let folded: [String]
    /// Trigram to the indexes of the names containing it, each index once, ascending.
    private let postings: [UInt64: [Int32]]
    /// Each name's length in trigram tokens, the document length of BM25.
    private let lengths: [Int32]
    private let averageLength: Double

    /// Duplicate names are kept once, at their first position.
    public init(names: some Sequence<String>) {
        var unique: [String] = []
        var seen = Set<String>()
        for name in names where seen.insert(name).inserted { unique.append(name) }
        var postings: [UInt64: [Int32]] = [:]
        var lengths: [Int32] = []
        var folded: [String] = []
        lengths.reserveCapacity(unique.count)
        folded.reserveCapacity(unique.count)
        var total = 0
        var trigrams: [UInt64] = []
        for (index, name) in unique.enumerated() {
            let lower = name.lowercased()
            folded.append(lower)
            Self.trigrams(of: lower, into: &trigrams)
            lengths.append(Int32(trigrams.count))
            total += trigrams.count
            trigrams.sort()
            var previous: UInt64?
            for trigram in trigrams where trigram != previous {
                postings[trigram, default: []].append(Int32(index))
                previous = trigram
            }
        }
        self.names = unique
        self.folded = folded
        self.postings = postings
        self.lengths = lengths
        averageLength = unique.isEmpty ? 0 : Double(total) / Double(unique.count)
    }

    /// Each window of three scalars packed into one integer (21 bits a scalar), repeats included, as the FTS5
    /// tokenizer emits them, so the count is the document length BM25 uses.
    private static func trigrams(of text: String, into result: inout [UInt64]) {
        result.removeAll(keepingCapacity: true)
        var window: (UInt64, UInt64) = (0, 0)
        var count = 0
        for scalar in text.unicodeScalars {
            let value = UInt64(scalar.value)
            if count >= 2 { result.append(window.0 << 42 | window.1 << 21 | value) }
            window = (window.1, value)
            count += 1
        }
    }

    public func candidates(near text: String, limit: Int) -> [String] {
        guard limit > 0 else { return [] }
        let cleaned = String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.properties.generalCategory != .control }))
            .trimmingCharacters(in: .whitespaces)
        guard !cleaned.isEmpty else { return [] }
        let lower = cleaned.lowercased()
        var query: [UInt64] = []
        Self.trigrams(of: lower, into: &query)
        guard !query.isEmpty else { return shortMatches(lower, limit: limit) }
        // BM25 as FTS5's bm25() computes it, term by term in the same order, so equal scores stay equal.
        let (k1, b) = (1.2, 0.75)
        let count = Double(names.count)
        var scores = [Double](repeating: 0, count: names.count)
        var touched: [Int32] = []
        var seen = Set<UInt64>()
        for trigram in query where seen.insert(trigram).inserted && seen.count <= 64 {
            guard let documents = postings[trigram] else { continue }
            let frequency = Double(documents.count)
            var idf = Foundation.log((0.5 + count - frequency) / (0.5 + frequency))
            if idf <= 0 { idf = 1e-6 }
            for document in documents {
                let length = Double(lengths[Int(document)])
                if scores[Int(document)] == 0 { touched.append(document) }
                scores[Int(document)] += idf * ((1 * (k1 + 1)) / (1 + k1 * (1 - b + b * length / averageLength)))
            }
        }
        // The best `limit` by insertion into a short sorted list: far fewer comparisons than sorting every name
        // that shares a trigram, which in a generated vocabulary can be most of them.
        func better(_ lhs: Int32, _ rhs: Int32) -> Bool {
            let (left, right) = (scores[Int(lhs)], scores[Int(rhs)])
            if left != right { return left > right }
            return Self.precedes(names[Int(lhs)], names[Int(rhs)])
        }
        var best: [Int32] = []
        best.reserveCapacity(limit + 1)
        for document in touched {
            if best.count == limit, let last = best.last, !better(document, last) { continue }
            var position = best.count
            while position > 0, better(document, best[position - 1]) { position -= 1 }
            best.insert(document, at: position)
            if best.count > limit { best.removeLast() }
        }
        return best.map { names[Int($0)] }
    }

    /// Whole names equal to `lower` ignoring case, then names starting with it; shorter first, then by bytes.
    private func shortMatches(_ lower: String, limit: Int) -> [String] {
        var exact: [String] = []
        var prefixed: [String] = []
        for (index, name) in folded.enumerated() {
            if name == lower {
                exact.append(names[index])
            } else if name.hasPrefix(lower) {
                prefixed.append(names[index])
            }
        }
        return Array((exact.sorted(by: Self.precedes) + prefixed.sorted(by: Self.precedes)).prefix(limit))
    }

    /// Shorter first, then by UTF-8 bytes, as the knowledge base orders ties.
    static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        let (left, right) = (lhs.unicodeScalars.count, rhs.unicodeScalars.count)
        if left != right { return left < right }
        return lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }
}
