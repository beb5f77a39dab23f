/// Theories in the style of ProntoQA (Saparov and He, 2023): a chain of class statements over invented class nouns
/// ("Every wumpus is a yumpus."), a property stated for one class of the chain ("Each zumpus is not bright."), a
/// distracting class that states the opposite, a named member of the chain's first class, and a statement about the
/// property whose answer needs every step of the chain. The nouns are made up per theory, so no reader can have
/// learnt them; the answer is known by construction.
public struct ClassChainTheories: Sendable {
    public struct Problem: Equatable, Sendable {
        public var id: String
        public var context: String
        public var statement: String
        /// "true" or "false".
        public var answer: String
        /// Class statements between the named member and the property.
        public var depth: Int
    }

    public let seed: UInt64

    public init(seed: UInt64) {
        self.seed = seed
    }

    /// `count` problems with chains of 3 to 5 steps, the same for the same seed.
    public func problems(count: Int) -> [Problem] {
        var random = SeededRandom(seed: seed)
        return (0..<count).map { problem(number: $0, using: &random) }
    }

    static let properties = ["bright", "sweet", "hot", "shy", "loud", "wooden", "metallic", "happy", "dull", "spicy", "fruity", "opaque"]
    static let names = ["Sally", "Max", "Rex", "Polly", "Wren", "Stella", "Fae", "Alex", "Sam"]

    private func problem(number: Int, using random: inout SeededRandom) -> Problem {
        let depth = 3 + random.index(3)
        var nouns: [String] = []
        while nouns.count < depth + 3 {
            let noun = Self.inventedNoun(using: &random)
            if !nouns.contains(noun) { nouns.append(noun) }
        }
        let chain = Array(nouns[0...depth])
        let distractor = nouns[depth + 1]
        let property = random.element(Self.properties)
        let otherProperty = random.element(Self.properties.filter { $0 != property })
        let positive = random.index(2) == 0
        let name = random.element(Self.names)
        var sentences: [String] = []
        for step in 0..<depth { sentences.append(Self.classStatement(chain[step], isA: chain[step + 1], using: &random)) }
        sentences.append(Self.propertyStatement(chain[depth], property, positive: positive, using: &random))
        // A class beside the chain says the opposite, and a member of the chain has an unrelated property.
        sentences.append(Self.classStatement(distractor, isA: chain[random.index(depth)], using: &random))
        sentences.append(Self.propertyStatement(distractor, property, positive: !positive, using: &random))
        sentences.append(Self.propertyStatement(chain[random.index(depth)], otherProperty, positive: random.index(2) == 0, using: &random))
        sentences.append("\(name) is \(Self.article(chain[0])) \(chain[0]).")
        random.shuffle(&sentences)
        let asksPositive = random.index(2) == 0
        let statement = "\(name) is \(asksPositive ? "" : "not ")\(property)."
        return Problem(id: "class-chain-\(seed)-\(number)", context: sentences.joined(separator: " "), statement: statement,
                       answer: asksPositive == positive ? "true" : "false", depth: depth)
    }

    /// "wumpus", "brimpus", "sterpus": two invented syllables, the second ending in "-us" as ProntoQA's do, or a
    /// consonant-final noun ("blicket") that takes a plain "-s".
    static func inventedNoun(using random: inout SeededRandom) -> String {
        let onsets = ["b", "d", "g", "j", "k", "l", "n", "r", "s", "t", "v", "w", "y", "z", "br", "gr", "sh", "st", "bl", "fl"]
        let vowels = ["a", "e", "i", "o", "u"]
        let middles = ["mp", "rp", "lp", "mb", "nt", "rk", "lf", "sk"]
        let first = random.element(onsets) + random.element(vowels) + random.element(middles)
        return random.index(3) == 0 ? first + random.element(["et", "in", "ol", "ik"]) : first + "us"
    }

    static func plural(_ noun: String) -> String {
        noun.hasSuffix("us") ? noun + "es" : noun + "s"
    }

    static func article(_ word: String) -> String {
        "aeiou".contains(word.first ?? "x") ? "an" : "a"
    }

    static func classStatement(_ noun: String, isA other: String, using random: inout SeededRandom) -> String {
        switch random.index(4) {
        case 0: return "Every \(noun) is \(article(other)) \(other)."
        case 1: return "Each \(noun) is \(article(other)) \(other)."
        case 2: return "\(plural(noun).capitalisedFirst) are \(plural(other))."
        default: return "All \(plural(noun)) are \(plural(other))."
        }
    }

    static func propertyStatement(_ noun: String, _ property: String, positive: Bool, using random: inout SeededRandom) -> String {
        let not = positive ? "" : "not "
        switch random.index(3) {
        case 0: return "Every \(noun) is \(not)\(property)."
        case 1: return "Each \(noun) is \(not)\(property)."
        default: return "\(plural(noun).capitalisedFirst) are \(not)\(property)."
        }
    }
}

extension SeededRandom {
    mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for index in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(index, Int(next() % UInt64(index + 1)))
        }
    }
}

extension String {
    fileprivate var capitalisedFirst: String { prefix(1).uppercased() + dropFirst() }
}
