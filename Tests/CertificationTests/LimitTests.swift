import Reasoner
import Syntax
import Testing
import Z3Kit
@testable import Certification

/// Every bound surfaces as its own error, never as a wrong answer or a hang.
@Suite struct LimitTests {
    static let counted = """
        .decl parent(p: symbol, c: symbol)
        .decl person(p: symbol)
        .decl busy(p: symbol)
        .decl ancestor(a: symbol, d: symbol)
        .decl childless(p: symbol)
        person("Ann"). person("Bob"). parent("Ann", "Bob").
        busy(p) :- person(p), count : { parent(p, _) } >= 2.
        ancestor(x, y) :- parent(x, y).
        ancestor(x, z) :- parent(x, y), ancestor(y, z).
        childless(p) :- person(p), !parent(p, _).
        """

    func isError(_ error: any Error, _ matches: (CertificationError) -> Bool) -> Bool {
        (error as? CertificationError).map(matches) ?? false
    }

    @Test func aggregatesAreUnsupportedAndTheReferenceFallbackConfirms() throws {
        let knowledge = try Knowledge(Self.counted)
        let goal = atom("busy", .symbol("Ann"))
        #expect {
            try NotDerivableCertifier().certify(goals: [goal], program: knowledge.program, storedFacts: knowledge.storedFacts)
        } throws: { error in
            isError(error) { if case .unsupported = $0 { true } else { false } }
        }
        try NotDerivableCertifier().confirmNotDerivableByReference(goals: [goal], program: knowledge.program, storedFacts: knowledge.storedFacts)
    }

    @Test func groundingBeyondItsBudgetThrows() throws {
        let knowledge = try Knowledge(Self.counted)
        #expect {
            try NotDerivableCertifier(groundingBudget: 1).certify(goals: [atom("ancestor", .symbol("Bob"), .symbol("Ann"))],
                                                                  program: knowledge.program, storedFacts: knowledge.storedFacts)
        } throws: { error in
            isError(error) { if case .groundingBudgetExceeded = $0 { true } else { false } }
        }
        #expect {
            try NotDerivableCertifier().confirmNotDerivableByReference(goals: [atom("ancestor", .symbol("Bob"), .symbol("Ann"))],
                                                                       program: knowledge.program, storedFacts: knowledge.storedFacts, budget: 1)
        } throws: { error in
            isError(error) { if case .referenceBudgetExceeded = $0 { true } else { false } }
        }
    }

    @Test func aSpentTimeBudgetIsUndecidedWithTimeoutInTheReason() throws {
        let knowledge = try Knowledge(Self.counted)
        #expect {
            try NotDerivableCertifier(timeout: .zero).certify(goals: [atom("childless", .symbol("Ann"))],
                                                              program: knowledge.program, storedFacts: knowledge.storedFacts)
        } throws: { error in
            isError(error) { if case let .solverUndecided(reason) = $0 { reason.contains("timeout") } else { false } }
        }
    }

    /// Z3 itself giving up (12 pigeons in 11 holes outlasts 50 ms) is reported as a timeout, not as an answer.
    @Test func z3RunningOutOfTimeIsUndecidedWithTimeoutInTheReason() throws {
        let context = try Z3Context()
        let solver = try context.makeSolver()
        let placements = try (0..<12).map { pigeon in try (0..<11).map { hole in try context.boolConstant("p\(pigeon)h\(hole)") } }
        for pigeon in placements { try solver.assert(context.or(pigeon)) }
        for hole in 0..<11 {
            for first in 0..<12 {
                for second in (first + 1)..<12 {
                    try solver.assert(context.not(context.and([placements[first][hole], placements[second][hole]])))
                }
            }
        }
        var deadline = SolverDeadline(timeout: .milliseconds(50))
        #expect {
            _ = try deadline.check(solver)
        } throws: { error in
            isError(error) { if case let .solverUndecided(reason) = $0 { reason.contains("timeout") } else { false } }
        }
    }

    @Test func abductionToleratesConflictsTheKnowledgeAlreadyHas() throws {
        let knowledge = try Knowledge(AbductionTests.lineage + """

            :- parent("Ana", "Pablo"), parent("Pablo", "Marta").
            """)
        let found = try Abducer().explanations(goal: AbductionTests.goal, program: knowledge.program, storedFacts: knowledge.storedFacts,
                                               abducible: [RelationName("parent")], excluded: [AbductionTests.goal],
                                               limit: 10, maximumSize: 1)
        #expect(found.count == 4)
    }
}
