/// Which side of the train/evaluation divide a synthetic vocabulary is drawn from. The two sides use disjoint seed
/// ranges and disjoint word pools, so a held-out score measures how well the parser reads words it has never seen
/// rather than how well it remembers them.
public enum VocabularySplit: String, CaseIterable, Codable, Sendable {
    case training
    case heldOut = "held-out"

    /// The seed of the `index`th vocabulary of this split; held-out seeds have the top bit set, training seeds not.
    public func seed(_ index: UInt64) -> UInt64 {
        switch self {
        case .training: return index & ~(1 << 63)
        case .heldOut: return index | (1 << 63)
        }
    }

    /// The split a seed belongs to.
    public static func of(seed: UInt64) -> VocabularySplit {
        seed & (1 << 63) == 0 ? .training : .heldOut
    }

    /// The split a word belongs to: about one word in four is held out, chosen by a stable hash of its spelling so
    /// that every list the word appears in (noun, verb, name) puts it on the same side.
    static func of(_ word: String) -> VocabularySplit {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in word.lowercased().utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3
        }
        return hash % 4 == 3 ? .heldOut : .training
    }
}
