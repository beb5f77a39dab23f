import Reasoner
import Syntax
import Testing
@testable import Certification

@Suite struct AbductionTests {
    static let lineage = """
        .decl parent(p: symbol, c: symbol)
        .decl ancestor(a: symbol, d: symbol)
        parent("Lucia", "Iris"). parent("Pablo", "Marta"). parent("Ana", "Pablo").
        ancestor(x, y) :- parent(x, y).
        ancestor(x, z) :- parent(x, y), ancestor(y, z).
        """
    static let goal = atom("ancestor", .symbol("Pablo"), .symbol("Iris"))

    func explanations(_ text: String, maximumSize: Int = 1, limit: Int = 10) throws -> [[GroundAtom]] {
        let knowledge = try Knowledge(text)
        return try Abducer().explanations(goal: Self.goal, program: knowledge.program, storedFacts: knowledge.storedFacts,
                                          abducible: [RelationName("parent")], excluded: [Self.goal], limit: limit, maximumSize: maximumSize)
    }

    @Test func theSmallestExplanationsAreSingleMissingParents() throws {
        let found = try explanations(Self.lineage)
        #expect(Set(found) == [
            [atom("parent", .symbol("Pablo"), .symbol("Iris"))],
            [atom("parent", .symbol("Pablo"), .symbol("Lucia"))],
            [atom("parent", .symbol("Marta"), .symbol("Iris"))],
            [atom("parent", .symbol("Marta"), .symbol("Lucia"))],
        ])
        let knowledge = try Knowledge(Self.lineage)
        for explanation in found {
            let reference = ReferenceEvaluator(program: knowledge.program, budget: 100_000, storedFacts: knowledge.storedFacts, adding: explanation, removing: [])
            #expect(try reference.derives(Self.goal))
        }
    }

    @Test func largerExplanationsComeLaterAndContainNoSmallerOne() throws {
        let found = try explanations(Self.lineage, maximumSize: 2, limit: 7)
        #expect(found.count == 7)
        #expect(found.last?.count == 2)
        #expect(found.map(\.count) == found.map(\.count).sorted())
        let singles = found.filter { $0.count == 1 }.map { Set($0) }
        for pair in found where pair.count == 2 {
            #expect(!singles.contains { $0.isSubset(of: Set(pair)) })
        }
    }

    @Test func explanationsMayNotMakeTheKnowledgeInconsistent() throws {
        let found = try explanations(Self.lineage + """

            -parent("Pablo", "Lucia").
            :- parent(x, y), parent(y, x).
            parent("Iris", "Pablo").
            """)
        #expect(Set(found) == [[atom("parent", .symbol("Marta"), .symbol("Iris"))], [atom("parent", .symbol("Marta"), .symbol("Lucia"))]])
    }

    @Test func tooManyCandidatesIsABudgetError() throws {
        let knowledge = try Knowledge(Self.lineage)
        #expect {
            try Abducer(candidateBudget: 10).explanations(goal: Self.goal, program: knowledge.program, storedFacts: knowledge.storedFacts,
                                                           abducible: [RelationName("parent")], excluded: [], limit: 1, maximumSize: 1)
        } throws: { error in
            guard case .groundingBudgetExceeded = error as? CertificationError else { return false }
            return true
        }
    }
}

@Suite struct CounterfactualTests {
    static let twoRoutes = """
        .decl parent(p: symbol, c: symbol)
        .decl ancestor(a: symbol, d: symbol)
        .decl person(p: symbol)
        .decl banned(p: symbol)
        .decl eligible(p: symbol)
        parent("Ann", "Bob"). parent("Bob", "Cid"). parent("Ann", "Dan"). parent("Dan", "Cid"). parent("Eve", "Ann").
        person("Ann"). person("Cid"). banned("Cid").
        ancestor(x, y) :- parent(x, y).
        ancestor(x, z) :- parent(x, y), ancestor(y, z).
        eligible(p) :- person(p), !banned(p).
        """

    @Test func aGoalWithTwoIndependentProofsNeedsTwoRemovals() throws {
        let knowledge = try Knowledge(Self.twoRoutes)
        let goal = atom("ancestor", .symbol("Ann"), .symbol("Cid"))
        let removals = try CounterfactualFinder().minimalRemovals(goal: goal, program: knowledge.program, storedFacts: knowledge.storedFacts, limit: 10)
        let ab = atom("parent", .symbol("Ann"), .symbol("Bob")), bc = atom("parent", .symbol("Bob"), .symbol("Cid"))
        let ad = atom("parent", .symbol("Ann"), .symbol("Dan")), dc = atom("parent", .symbol("Dan"), .symbol("Cid"))
        #expect(Set(removals.map(Set.init)) == [[ab, ad], [ab, dc], [bc, ad], [bc, dc]])
        for removal in removals {
            let reference = ReferenceEvaluator(program: knowledge.program, budget: 100_000, storedFacts: knowledge.storedFacts, adding: [], removing: removal)
            #expect(try !reference.derives(goal))
        }
    }

    @Test func removalsThroughNegationAreExact() throws {
        let knowledge = try Knowledge(Self.twoRoutes)
        let removals = try CounterfactualFinder().minimalRemovals(goal: atom("eligible", .symbol("Ann")), program: knowledge.program,
                                                                  storedFacts: knowledge.storedFacts, limit: 10)
        #expect(removals == [[atom("person", .symbol("Ann"))]])
        let none = try CounterfactualFinder().minimalRemovals(goal: atom("eligible", .symbol("Cid")), program: knowledge.program,
                                                              storedFacts: knowledge.storedFacts, limit: 10)
        #expect(none == [[]])
    }
}

@Suite struct ConflictTests {
    static let inconsistent = """
        .decl flagged(p: symbol)
        .decl vouched(by: symbol, p: symbol)
        .decl trusted(p: symbol)
        .decl parent(p: symbol, c: symbol)
        .decl ancestor(a: symbol, d: symbol)
        flagged("Eve"). vouched("Ann", "Eve"). vouched("Bob", "Eve"). vouched("Ann", "Cid").
        parent("Ann", "Bob"). parent("Bob", "Ann"). parent("Bob", "Cid").
        -trusted(p) :- flagged(p).
        trusted(p) :- vouched(_, p).
        ancestor(x, y) :- parent(x, y).
        ancestor(x, z) :- parent(x, y), ancestor(y, z).
        :- ancestor(x, x).
        """

    func isMinimal(_ set: ConflictSet, _ knowledge: Knowledge) throws -> Bool {
        try set.facts.allSatisfy { fact in
            let rest = set.facts.filter { $0 != fact }
            let reference = ReferenceEvaluator(program: knowledge.program, budget: 100_000, storedFacts: { _ in [] }, adding: rest, removing: [])
            switch set.conflict {
            case let .complementary(atom): return try !(reference.derives(atom) && reference.derives(atom.complement))
            case let .constraint(_, atoms): return try !atoms.allSatisfy(reference.derives)
            }
        }
    }

    @Test func complementaryConflictsRestOnMinimalSets() throws {
        let knowledge = try Knowledge(Self.inconsistent)
        let conflict = Conflict.complementary(atom("trusted", .symbol("Eve")))
        let sets = try ConflictFinder().minimalConflicts(program: knowledge.program, storedFacts: knowledge.storedFacts, conflicts: [conflict], limitPerConflict: 5)
        #expect(Set(sets.map { Set($0.facts) }) == [
            [atom("flagged", .symbol("Eve")), atom("vouched", .symbol("Ann"), .symbol("Eve"))],
            [atom("flagged", .symbol("Eve")), atom("vouched", .symbol("Bob"), .symbol("Eve"))],
        ])
        for set in sets {
            #expect(set.conflict == conflict)
            #expect(try isMinimal(set, knowledge))
        }
    }

    @Test func aConstraintConflictRestsOnTheCycle() throws {
        let knowledge = try Knowledge(Self.inconsistent)
        let conflict = Conflict.constraint(index: 0, atoms: [atom("ancestor", .symbol("Ann"), .symbol("Ann"))])
        let sets = try ConflictFinder().minimalConflicts(program: knowledge.program, storedFacts: knowledge.storedFacts, conflicts: [conflict], limitPerConflict: 5)
        #expect(sets == [ConflictSet(conflict: conflict, facts: [atom("parent", .symbol("Ann"), .symbol("Bob")), atom("parent", .symbol("Bob"), .symbol("Ann"))])])
        #expect(try isMinimal(sets[0], knowledge))
    }

    @Test func aConflictThatDoesNotHoldIsRejected() throws {
        let knowledge = try Knowledge(Self.inconsistent)
        let conflict = Conflict.complementary(atom("trusted", .symbol("Cid")))
        #expect(throws: CertificationError.notAConflict(conflict.description)) {
            try ConflictFinder().minimalConflicts(program: knowledge.program, storedFacts: knowledge.storedFacts, conflicts: [conflict], limitPerConflict: 5)
        }
    }
}
