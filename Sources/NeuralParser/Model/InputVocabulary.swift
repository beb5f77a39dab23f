/// How anything the network reads becomes rows of its embedding table. Words are hashed character n-grams plus the
/// whole word (FNV-1a, stable across runs and platforms, unlike Swift's seeded `Hasher`); roles and linking
/// features have reserved rows after the hashed ones, and positions come last.
public enum InputVocabulary {
    /// Markers a sequence is built from.
    public enum Marker: Int, CaseIterable, Sendable {
        case classification, separator, entity, number, slot0, slot1, slot2
    }

    /// Binary facts about a unit, each adding its own row.
    public enum Feature: Int, CaseIterable, Sendable {
        case question, template, relationName
        /// A question word that also occurs (stemmed) in the candidate's templates or name, and vice versa.
        case lexicalMatch
        /// A linked name whose types fit slot 0, 1 or 2 of the candidate.
        case fitsSlot0, fitsSlot1, fitsSlot2
        /// A name linked by a fuzzy match, not exactly.
        case approximateLink
        case numericSlot
        /// A linked name with one (near) or two (close) words beside it that stand beside slot 0, 1 or 2 in a
        /// template: see `TemplateAlignment`.
        case nearSlot0, nearSlot1, nearSlot2
        case closeSlot0, closeSlot1, closeSlot2
        /// A template slot that some linked name of the question lines up with.
        case alignedSlot
        /// A question word that names slot 0, 1 or 2 by its attribute or type ("Which grades…" and `{grade}`), which
        /// tells the asked slot from another one that the same names fit.
        case namesSlot0, namesSlot1, namesSlot2
    }

    public static let reservedRows = Marker.allCases.count + Feature.allCases.count

    static func row(_ marker: Marker, buckets: Int) -> Int { buckets + marker.rawValue }
    static func row(_ feature: Feature, buckets: Int) -> Int { buckets + Marker.allCases.count + feature.rawValue }
    static func positionRow(_ position: Int, buckets: Int) -> Int { buckets + reservedRows + position }

    /// The rows of a word: its 3- to 5-character n-grams with boundary marks (averaged) and the whole word.
    static func wordRows(_ word: String, buckets: Int) -> [EmbeddingBag.Entry] {
        let characters = Array("<" + word + ">")
        var grams: [Int] = []
        for length in 3...5 where characters.count >= length {
            for start in 0...(characters.count - length) {
                grams.append(bucket(String(characters[start..<(start + length)]), buckets: buckets))
            }
        }
        var entries = grams.map { EmbeddingBag.Entry(row: $0, weight: 1 / Float(grams.count)) }
        entries.append(EmbeddingBag.Entry(row: bucket("word:" + word, buckets: buckets), weight: 1))
        return entries
    }

    /// FNV-1a of the text's UTF-8, modulo `buckets`: the same on every run and platform.
    public static func bucket(_ text: String, buckets: Int) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return Int(hash % UInt64(buckets))
    }
}
