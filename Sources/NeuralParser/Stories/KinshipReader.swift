/// Reads the kinship a story states with the trained network. Every pair of people named together is classified
/// from the words around them and from what the lexical `StoryReader` made of it; the most confident kinship read
/// for a pair is stated when the words read name some kinship, and is only likely otherwise. A story tells of one
/// family, read as a tree: readings are taken most confident first, one that would close a loop is left out (what it
/// says follows from the rest, or contradicts it), and people still in separate groups are joined by the likeliest
/// kinship the network saw between the groups. The relative's sex comes from the kinship word of that kind nearest
/// them ("her brother"). A person's sex is stated only where a pronoun or kinship word states it and the network's
/// sex head does not confidently say otherwise; else the head's call is only likely. Likely readings and sexes
/// support presumed answers only.
public struct KinshipReader: Sendable {
    public let network: KinshipNetwork

    public init(network: KinshipNetwork) {
        self.network = network
    }

    /// How sure the network must be of a person's sex to overrule the words.
    public static let sureSex: Float = 0.9

    public func read(_ text: String) -> KinshipStory {
        let lexical = StoryReader().read(text)
        let lexicalKinds = Self.kinds(of: lexical)
        var stated: [PairKey: Reading] = [:]
        var likeliest: [PairKey: Reading] = [:]
        for pair in KinshipFeatures.pairs(in: text) {
            let features = KinshipFeatures.features(of: pair, lexicalKind: lexicalKinds[PairKey(pair.first, pair.second)])
            let probabilities = network.probabilities(network.bag(features), head: .kinship)
            let kinship = probabilities.indices.dropFirst().max { probabilities[$0] < probabilities[$1] }!
            let reading = Reading(pair: pair, kinship: KinshipClass.all[kinship], probability: probabilities[kinship])
            let unordered = PairKey(min(pair.first, pair.second), max(pair.first, pair.second))
            if reading.probability > likeliest[unordered]?.probability ?? 0 { likeliest[unordered] = reading }
            if reading.probability > probabilities[KinshipClass.none.index], reading.probability > stated[unordered]?.probability ?? 0 {
                stated[unordered] = reading
            }
        }
        var story = KinshipStory(statements: [], kindStatements: [], sexes: [:], people: lexical.people)
        let contradicted = readSexes(of: text, lexical: lexical, into: &story)
        var family = Family(people: lexical.people)
        for (key, reading) in stated.sorted(by: { ($0.value.probability, $1.key.first, $1.key.second) > ($1.value.probability, $0.key.first, $0.key.second) }) {
            guard family.join(key.first, key.second) else { continue }
            if !reading.namesKinship {
                story.likelyKindStatements.append(KinshipStory.KindStatement(person: reading.person, relative: reading.relative, kind: reading.kind))
            } else if let sex = reading.relativeSex, contradicted[reading.relative] != sex, story.sexes[reading.relative] ?? sex == sex,
               let kin = KinshipFeatures.kin(ofKind: reading.kind, sex: sex) {
                story.statements.append(KinshipStory.Statement(person: reading.person, relative: reading.relative, kin: kin))
                story.sexes[reading.relative] = sex
                story.likelySexes[reading.relative] = nil
            } else {
                story.kindStatements.append(KinshipStory.KindStatement(person: reading.person, relative: reading.relative, kind: reading.kind))
            }
        }
        let unstated = likeliest.filter { stated[$0.key] == nil }
            .sorted { ($0.value.probability, $1.key.first, $1.key.second) > ($1.value.probability, $0.key.first, $0.key.second) }
        for (key, reading) in unstated where family.join(key.first, key.second) {
            story.likelyKindStatements.append(KinshipStory.KindStatement(person: reading.person, relative: reading.relative, kind: reading.kind))
        }
        return story
    }

    /// Fills in each person's sex: the lexical reader's, unless the sex head is sure of the other, else the head's
    /// call as likely. Returns, for each person the head is sure of, the sex it rules out.
    private func readSexes(of text: String, lexical: KinshipStory, into story: inout KinshipStory) -> [String: String] {
        var contradicted: [String: String] = [:]
        for person in lexical.people {
            let features = KinshipFeatures.sexFeatures(of: person, in: text, lexicalSex: lexical.sexes[person])
            let probabilities = network.probabilities(network.bag(features), head: .sex)
            let likeliest = probabilities.indices.max { probabilities[$0] < probabilities[$1] }!
            if probabilities[likeliest] >= Self.sureSex { contradicted[person] = KinshipNetwork.sexes[1 - likeliest] }
            if let told = lexical.sexes[person], contradicted[person] != told {
                story.sexes[person] = told
            } else {
                story.likelySexes[person] = KinshipNetwork.sexes[likeliest]
            }
        }
        return contradicted
    }

    /// The network's likeliest kinship for one pair where the pair is named together.
    struct Reading {
        var person: String
        var relative: String
        var kind: String
        var probability: Float
        /// The relative's sex from the one kinship word of that kind nearest the relative ("took her son [B] and
        /// daughter [C]" gives C's from "daughter"), if any.
        var relativeSex: String?
        /// Whether the words read name any kinship ("son", "married"); a reading without is only likely, however
        /// sure the network is ("[A] and [B] had a picnic").
        var namesKinship: Bool

        init(pair: KinshipPair, kinship: KinshipClass, probability: Float) {
            switch kinship {
            case .none: preconditionFailure("a reading names a kind of kinship")
            case let .forward(kind): (person, relative, self.kind) = (pair.first, pair.second, kind)
            case let .backward(kind): (person, relative, self.kind) = (pair.second, pair.first, kind)
            }
            self.probability = probability
            namesKinship = pair.pieces.contains { $0.word.map { KinshipFeatures.kindOfWord[$0] != nil } ?? false }
            relativeSex = Self.sex(of: relative, as: kind, in: pair.pieces)
            // "[B] who is the grandmother of [A]" read as A being B's grandchild: the word tells B's sex, so the
            // reading is turned round to state B as A's grandmother.
            if relativeSex == nil, let inverse = KinshipFeatures.inverseKind[kind], let personSex = Self.sex(of: person, as: inverse, in: pair.pieces) {
                (person, relative, self.kind, relativeSex) = (relative, person, inverse, personSex)
            }
        }

        /// The sex the kinship word of `kind` nearest `someone` gives them, if the pieces have such a word.
        private static func sex(of someone: String, as kind: String, in pieces: [StoryReader.Piece]) -> String? {
            let positions = pieces.indices.filter { pieces[$0].name == someone }
            let kinWords = pieces.indices.compactMap { position -> (position: Int, sex: String)? in
                guard let word = pieces[position].word, let kin = StoryReader.kinWords[word], KinshipFeatures.kindOfKin[kin] == kind else { return nil }
                return (position, StoryReader.sex(ofKin: kin))
            }
            let nearest = kinWords.min { first, second in
                positions.map { abs($0 - first.position) }.min()! < positions.map { abs($0 - second.position) }.min()!
            }
            return nearest?.sex
        }
    }

    /// People joined by the kinship read so far, so that a story's family is connected with the fewest guesses.
    struct Family {
        var representative: [String: String]

        init(people: [String]) {
            representative = Dictionary(uniqueKeysWithValues: people.map { ($0, $0) })
        }

        mutating func root(_ person: String) -> String {
            var current = person
            while let next = representative[current], next != current { current = next }
            representative[person] = current
            return current
        }

        /// Joins the two people's families; false when they were one already.
        mutating func join(_ first: String, _ second: String) -> Bool {
            let (firstRoot, secondRoot) = (root(first), root(second))
            guard firstRoot != secondRoot else { return false }
            representative[firstRoot] = secondRoot
            return true
        }
    }

    /// An ordered pair of people.
    public struct PairKey: Hashable, Sendable {
        public var first: String
        public var second: String

        public init(_ first: String, _ second: String) {
            self.first = first
            self.second = second
        }
    }

    /// The kind of kin each person is to each other, in both directions, as the lexical reader states it:
    /// `[PairKey(a, b)]` is b's kind to a.
    public static func kinds(of story: KinshipStory) -> [PairKey: String] {
        var kinds: [PairKey: String] = [:]
        for statement in story.statements {
            guard let kind = KinshipFeatures.kindOfKin[statement.kin] else { continue }
            kinds[PairKey(statement.person, statement.relative)] = kind
            kinds[PairKey(statement.relative, statement.person)] = KinshipFeatures.inverseKind[kind]
        }
        return kinds
    }
}
