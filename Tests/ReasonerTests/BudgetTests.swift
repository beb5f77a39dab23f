import Foundation
@testable import Reasoner
import Syntax
import Testing

/// A rule set whose closure never ends must stop at its budget and say "unknown", never "no" and never a guess.
@Suite("Evaluation budget")
struct BudgetTests {
    /// `num` counts up forever; `pair` squares whatever `num` reaches.
    static let exploding = """
        .decl num(x: number)
        num(0).
        num(x + 1) :- num(x).
        .decl pair(a: number, b: number)
        pair(a, b) :- num(a), num(b).
        .decl small(x: number)
        small(1).
        small(2).
        """

    private func answer(_ fixture: Fixture, _ text: String, queryDriven: Bool = false, budget: EvaluationBudget) throws -> QueryResult {
        try fixture.reasoner.answer(Query.parse(text), options: Reasoner.Options(queryDriven: queryDriven, budget: budget))
    }

    @Test func aGoalThatIsNotDerivedBeforeTheBudgetIsUnknownNotNo() throws {
        let fixture = try Fixture(Self.exploding)
        let result = try answer(fixture, "num(-1)", budget: EvaluationBudget(maximumTuples: 5_000))
        #expect(result.truth == .unknown)
        #expect(result.exceededBudget == "more than 5000 tuples")
        #expect(result.proofs.isEmpty)
    }

    /// Tuples derived before the stop rest only on complete lower strata, so a goal among them is proved.
    @Test func aGoalDerivedBeforeTheBudgetRanOutIsYesWithItsProof() throws {
        let fixture = try Fixture(Self.exploding)
        let result = try answer(fixture, "num(40)", budget: EvaluationBudget(maximumTuples: 5_000))
        #expect(result.exceededBudget != nil)
        #expect(result.truth == .yes)
        #expect(result.proofs.count == 1)
        #expect(result.proofs[0].steps.count == 41, "num(0) and forty rule steps")
    }

    @Test func aListOfAnswersCutShortIsUnknownAndListsNothing() throws {
        let fixture = try Fixture(Self.exploding)
        let listed = try answer(fixture, "num(x)", budget: EvaluationBudget(maximumTuples: 5_000))
        #expect(listed.truth == .unknown)
        #expect(listed.bindings.isEmpty)
        let counted = try answer(fixture, "count : { pair(a, b) }", budget: EvaluationBudget(maximumTuples: 20_000))
        #expect(counted.truth == .unknown)
        #expect(counted.count == nil)
    }

    /// One round of `pair` derives a whole row of the square at once; the budget is checked within the round too.
    @Test func oneRoundCannotRunFarPastTheTupleBudget() throws {
        let fixture = try Fixture(Self.exploding)
        let engine = Engine(base: fixture.reasoner.base, extraRelations: [], rules: fixture.reasoner.program.rules)
        engine.budget = EvaluationBudget(maximumTuples: 50_000)
        engine.evaluate()
        #expect(engine.exceededBudget == "more than 50000 tuples")
        #expect(engine.footprint.tuples <= 50_000)
    }

    @Test func theTimeLimitStopsEvaluation() throws {
        let fixture = try Fixture(Self.exploding)
        let started = ContinuousClock.now
        let result = try answer(fixture, "num(-1)", queryDriven: true, budget: EvaluationBudget(timeLimit: .milliseconds(300)))
        #expect(result.truth == .unknown)
        #expect(result.exceededBudget?.contains("time limit") == true)
        #expect(ContinuousClock.now - started < .seconds(30), "stopped near its limit, not at the tuple budget")
    }

    @Test func theMemoryLimitStopsEvaluation() throws {
        let fixture = try Fixture(Self.exploding)
        let result = try answer(fixture, "pair(-1, -1)", budget: EvaluationBudget(maximumBytes: 4 << 20))
        #expect(result.truth == .unknown)
        #expect(result.exceededBudget == "more than 4 MiB of tuples and derivations")
    }

    @Test func aQueryWithinItsBudgetIsUntouched() throws {
        let fixture = try Fixture(Self.exploding)
        let result = try answer(fixture, "small(3)", queryDriven: true, budget: EvaluationBudget(maximumTuples: 100))
        #expect(result.exceededBudget == nil)
        #expect(result.truth == .no)
    }
}
