import Foundation
import KnowledgeGraph
import Reasoner
import Syntax
import Testing
@testable import Certification

/// Proofs from the reasoner are accepted; tampered ones are rejected by the checker or by Z3.
@Suite struct CertificationTests {
    static let program = """
        .decl parent(p: symbol, c: symbol)
        .decl person(p: symbol)
        .decl age(p: symbol, years: number)
        .decl ancestor(a: symbol, d: symbol)
        .decl childless(p: symbol)
        .decl minor(p: symbol)
        .decl busy(p: symbol)
        parent("Ann", "Bob"). parent("Bob", "Cid"). parent("Ann", "Eve").
        person("Ann"). person("Bob"). person("Cid"). person("Eve").
        age("Cid", 15). age("Eve", 30).
        ancestor(x, y) :- parent(x, y).
        ancestor(x, z) :- parent(x, y), ancestor(y, z).
        childless(p) :- person(p), !parent(p, _).
        minor(p) :- age(p, a), a < 18.
        busy(p) :- person(p), count : { parent(p, _) } >= 2.
        """

    struct Setup {
        let reasoner: Reasoner
        let knowledgeBase: KnowledgeBase
        let folder: URL

        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("lemma-certification-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try CertificationTests.program.write(to: folder.appendingPathComponent("family.dl"), atomically: true, encoding: .utf8)
            knowledgeBase = try FolderCompiler(cacheDirectory: folder.appendingPathComponent("cache").path).compile(folder.path)
            reasoner = try Reasoner(knowledgeBase: knowledgeBase)
        }

        func proof(_ query: String) throws -> Proof {
            try #require(reasoner.answer(Query.parse(query)).proofs.first)
        }

        func checker() throws -> ProofChecker {
            let symbols = try knowledgeBase.symbols()
            let program = reasoner.program
            return ProofChecker(program: program) { relation in
                let types = Validator.columnTypes(of: relation.name, in: program) ?? []
                return Set((try? knowledgeBase.factValues(relation, columnTypes: types, symbols: symbols)) ?? [])
            }
        }

        /// The proof with its goal step's substitution changed and everything else as the reasoner built it.
        func changingGoalSubstitution(of proof: Proof, _ change: (inout [String: Value]) -> Void) throws -> Proof {
            var proof = proof
            guard case let .rule(citation, substitution, premises, absent, conditions) = proof.steps.last!.justification else {
                throw CertificationError.invalidStep(proof: 0, step: proof.steps.count - 1, reason: "the goal is not proved by a rule")
            }
            var changed = substitution
            change(&changed)
            proof.steps[proof.steps.count - 1].justification = .rule(citation, substitution: changed, premises: premises, absent: absent, conditions: conditions)
            return proof
        }

        func certify(_ proof: Proof) throws {
            var checker = try checker()
            try checker.check(proof)
            try EntailmentCertifier().certify([proof], program: reasoner.program)
        }
    }

    @Test(arguments: [#"ancestor("Ann", "Cid")"#, #"childless("Cid")"#, #"minor("Cid")"#, #"busy("Ann")"#])
    func genuineProofsAreCertified(query: String) throws {
        let setup = try Setup()
        try setup.certify(setup.proof(query))
    }

    @Test func aForgedFactIsRejected() throws {
        let setup = try Setup()
        var proof = try setup.proof(#"ancestor("Ann", "Cid")"#)
        let index = try #require(proof.steps.firstIndex { $0.conclusion.description == #"parent("Bob", "Cid")"# })
        proof.steps[index].conclusion = GroundAtom(RelationName("parent"), [.symbol("Bob"), .symbol("Dan")])
        var checker = try setup.checker()
        #expect(throws: CertificationError.self) { try checker.check(proof) }
    }

    @Test func aWrongSubstitutionIsRejected() throws {
        let setup = try Setup()
        let proof = try setup.changingGoalSubstitution(of: setup.proof(#"ancestor("Ann", "Cid")"#)) { $0["y"] = .symbol("Eve") }
        var checker = try setup.checker()
        #expect(throws: CertificationError.self) { try checker.check(proof) }
    }

    @Test func aFalseConditionIsRejected() throws {
        let setup = try Setup()
        let proof = try setup.changingGoalSubstitution(of: setup.proof(#"minor("Cid")"#)) { $0["a"] = .number(40) }
        var checker = try setup.checker()
        #expect(throws: CertificationError.self) { try checker.check(proof) }
    }

    @Test func aNegationThatDoesNotHoldIsRejected() throws {
        let setup = try Setup()
        var proof = try setup.proof(#"childless("Cid")"#)
        guard case let .rule(citation, _, premises, _, conditions) = proof.steps.last!.justification else { return }
        proof.steps[0].conclusion = GroundAtom(RelationName("person"), [.symbol("Bob")])
        proof.steps[proof.steps.count - 1].conclusion = GroundAtom(RelationName("childless"), [.symbol("Bob")])
        proof.steps[proof.steps.count - 1].justification = .rule(citation, substitution: ["p": .symbol("Bob")], premises: premises,
                                                                 absent: [GroundAtom(RelationName("parent"), [.symbol("Bob"), nil])], conditions: conditions)
        var checker = try setup.checker()
        #expect(throws: CertificationError.self) { try checker.check(proof) }
    }

    @Test func aCitationOfAnotherRuleIsRejected() throws {
        let setup = try Setup()
        var proof = try setup.proof(#"ancestor("Ann", "Bob")"#)
        guard case let .rule(citation, substitution, premises, absent, conditions) = proof.steps.last!.justification else { return }
        var forged = citation
        forged.index = (citation.index + 1) % setup.reasoner.program.rules.count
        proof.steps[proof.steps.count - 1].justification = .rule(forged, substitution: substitution, premises: premises, absent: absent, conditions: conditions)
        var checker = try setup.checker()
        #expect(throws: CertificationError.self) { try checker.check(proof) }
    }

    @Test func aDerivedAtomPassedOffAsAStoredFactIsRejected() throws {
        let setup = try Setup()
        var proof = try setup.proof(#"ancestor("Ann", "Cid")"#)
        // Replace the goal's rule step by a claim that the derived atom is a stored fact.
        proof.steps.removeLast()
        proof.steps.append(ProofStep(conclusion: GroundAtom(RelationName("ancestor"), [.symbol("Ann"), .symbol("Cid")]),
                                     justification: .fact(file: "forged.dl", line: 1, batch: 0)))
        proof.goals = [proof.steps.count - 1]
        var checker = try setup.checker()
        #expect(throws: CertificationError.self) { try checker.check(proof) }
    }

    @Test func z3RejectsAGoalWhoseConditionIsFalse() throws {
        let setup = try Setup()
        var proof = try setup.changingGoalSubstitution(of: setup.proof(#"minor("Cid")"#)) { $0["a"] = .number(40) }
        proof.steps[0].conclusion = GroundAtom(RelationName("age"), [.symbol("Cid"), .number(40)])
        #expect(throws: CertificationError.self) { try EntailmentCertifier().certify([proof], program: setup.reasoner.program) }
    }

    @Test func manyAnswersAreCertifiedInOneSolverCall() throws {
        let setup = try Setup()
        let proofs = try setup.reasoner.answer(Query.parse("ancestor(x, y)")).proofs
        #expect(proofs.count == 4)
        try EntailmentCertifier().certify(proofs, program: setup.reasoner.program)
    }
}
