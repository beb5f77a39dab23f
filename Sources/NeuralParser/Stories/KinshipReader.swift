/// Reads the kinship a story states with the trained network: every pair of people named together is classified
/// from the words around them and from what the lexical `StoryReader` made of it, and the most confident kinship
/// read for a pair is the one stated. The relative's sex comes from the kinship word of that kind in the text
/// ("her brother"), else it is left to the pronouns and the rules.
public struct KinshipReader: Sendable {
    public let network: KinshipNetwork

    public init(network: KinshipNetwork) {
        self.network = network
    }

    public func read(_ text: String) -> KinshipStory {
        let lexical = StoryReader().read(text)
        let lexicalKinds = Self.kinds(of: lexical)
        var best: [PairKey: (kind: String, person: String, relative: String, probability: Float, pieces: [StoryReader.Piece])] = [:]
        for pair in KinshipFeatures.pairs(in: text) {
            let key = PairKey(pair.first, pair.second)
            let probabilities = network.probabilities(network.bag(KinshipFeatures.features(of: pair, lexicalKind: lexicalKinds[key])))
            let winner = probabilities.indices.max { probabilities[$0] < probabilities[$1] }!
            let (person, relative, kind): (String, String, String)
            switch KinshipClass.all[winner] {
            case .none: continue
            case let .forward(forward): (person, relative, kind) = (pair.first, pair.second, forward)
            case let .backward(backward): (person, relative, kind) = (pair.second, pair.first, backward)
            }
            let unordered = PairKey(min(pair.first, pair.second), max(pair.first, pair.second))
            if let held = best[unordered], held.probability >= probabilities[winner] { continue }
            best[unordered] = (kind, person, relative, probabilities[winner], pair.pieces)
        }
        var story = KinshipStory(statements: [], kindStatements: [], sexes: lexical.sexes, people: lexical.people)
        for (_, read) in best.sorted(by: { ($0.key.first, $0.key.second) < ($1.key.first, $1.key.second) }) {
            let sexes = Set(read.pieces.compactMap(\.word).compactMap { word -> String? in
                guard let kin = StoryReader.kinWords[word], KinshipFeatures.kindOfKin[kin] == read.kind else { return nil }
                return StoryReader.sex(ofKin: kin)
            })
            if sexes.count == 1, let sex = sexes.first, let kin = KinshipFeatures.kin(ofKind: read.kind, sex: sex) {
                story.statements.append(KinshipStory.Statement(person: read.person, relative: read.relative, kin: kin))
                story.sexes[read.relative] = sex
            } else {
                story.kindStatements.append(KinshipStory.KindStatement(person: read.person, relative: read.relative, kind: read.kind))
            }
        }
        return story
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
