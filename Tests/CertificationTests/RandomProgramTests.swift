import Reasoner
import Syntax
import Testing
@testable import Certification

/// SplitMix64: a tiny seeded generator, so a failing program can be reproduced from its seed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random small stratified programs: two stored relations, three derived ones in strata. A derived relation may use
/// relations of its own stratum or below positively (so recursion and loops occur) and only lower ones under negation.
struct RandomProgram {
    static let constants = ["a", "b", "c"]
    static let relations: [(name: String, arity: Int)] = [("e", 2), ("f", 1), ("r0", 2), ("r1", 1), ("r2", 2)]

    let text: String

    init(seed: UInt64) {
        var random = SeededGenerator(state: seed)
        var lines = Self.relations.map { ".decl \($0.name)(\((0..<$0.arity).map { "c\($0): symbol" }.joined(separator: ", ")))" }
        for constant in Self.constants {
            if Bool.random(using: &random) { lines.append("f(\"\(constant)\").") }
            for other in Self.constants where Int.random(in: 0..<3, using: &random) == 0 {
                lines.append("e(\"\(constant)\", \"\(other)\").")
            }
        }
        for stratum in 2..<Self.relations.count {
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                lines.append(Self.rule(for: stratum, using: &random))
            }
        }
        text = lines.joined(separator: "\n")
    }

    private static func rule(for stratum: Int, using random: inout SeededGenerator) -> String {
        let variables = ["x", "y", "z"]
        var bound: [String] = []
        var body: [String] = []
        for _ in 0..<Int.random(in: 1...2, using: &random) {
            let relation = relations[Int.random(in: 0...stratum, using: &random)]
            let arguments = (0..<relation.arity).map { _ in variables.randomElement(using: &random)! }
            bound += arguments
            body.append("\(relation.name)(\(arguments.joined(separator: ", ")))")
        }
        if stratum > 2, Bool.random(using: &random) {
            let relation = relations[Int.random(in: 0..<stratum, using: &random)]
            let arguments = (0..<relation.arity).map { _ in Bool.random(using: &random) ? bound.randomElement(using: &random)! : "_" }
            body.append("!\(relation.name)(\(arguments.joined(separator: ", ")))")
        }
        if Int.random(in: 0..<4, using: &random) == 0, let first = bound.first, let last = bound.last, first != last {
            body.append("\(first) != \(last)")
        }
        let head = relations[stratum]
        let arguments = (0..<head.arity).map { _ in bound.randomElement(using: &random)! }
        return "\(head.name)(\(arguments.joined(separator: ", "))) :- \(body.joined(separator: ", "))."
    }

    /// Every atom of the derived relations over the constants.
    static var goals: [GroundAtom] {
        relations.dropFirst(2).flatMap { relation in
            product(relation.arity).map { GroundAtom(RelationName(relation.name), $0.map { Value.symbol($0) }) }
        }
    }

    private static func product(_ arity: Int) -> [[String]] {
        arity == 0 ? [[]] : product(arity - 1).flatMap { prefix in constants.map { prefix + [$0] } }
    }
}

@Suite struct RandomProgramTests {
    /// The certifier accepts exactly the atoms the reference evaluator finds not derivable.
    @Test(arguments: 0..<40)
    func certifierAgreesWithTheReferenceEvaluator(seed: Int) throws {
        let program = RandomProgram(seed: UInt64(seed))
        let knowledge = try Knowledge(program.text)
        let certifier = NotDerivableCertifier(timeout: .seconds(20))
        for goal in RandomProgram.goals {
            if try knowledge.derives(goal) {
                #expect(throws: CertificationError.derivable(goal: goal.description), "seed \(seed): \(program.text)") {
                    try certifier.certify(goals: [goal], program: knowledge.program, storedFacts: knowledge.storedFacts)
                }
            } else {
                #expect(throws: Never.self, "seed \(seed): \(goal) in \(program.text)") {
                    try certifier.certify(goals: [goal], program: knowledge.program, storedFacts: knowledge.storedFacts)
                }
            }
        }
    }
}
