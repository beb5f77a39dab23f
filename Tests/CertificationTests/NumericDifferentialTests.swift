import Foundation
import Fuzzing
import KnowledgeGraph
import Reasoner
import Syntax
import Testing
@testable import Certification

/// The numeric generator's programs answered by Lemma and by clingo: each derived relation must hold the same tuples
/// in both, under query-driven and full evaluation, and every proof Lemma gives is re-checked by the independent
/// checker. Set `LEMMA_NUMERIC_DIFFERENTIAL_PROGRAMS` for a longer run.
@Suite struct NumericDifferentialTests {
    static let count = ProcessInfo.processInfo.environment["LEMMA_NUMERIC_DIFFERENTIAL_PROGRAMS"].flatMap(Int.init) ?? 200

    @Test(.enabled(if: DifferentialTests.clingoIsAvailable || DifferentialTests.clingoIsRequired, "clingo is not installed (python3 -m pip install clingo)"))
    func randomNumericProgramsMatchClingo() throws {
        try #require(DifferentialTests.clingoIsAvailable, "LEMMA_REQUIRE_CLINGO is set but python3 cannot import clingo")
        let programs = (0..<Self.count).map { RandomNumericProgram(seed: UInt64(50_000 + $0)) }
        let models = try DifferentialTests.answerSets(of: programs.map(\.answerSetProgram))
        var derivedTuples = 0
        for (program, answerSets) in zip(programs, models) {
            try #require(answerSets.count == 1, "a stratified program has one answer set; clingo found \(answerSets.count) for:\n\(program.answerSetProgram)")
            let expected = Set(answerSets[0])
            var (reasoner, checker) = try DifferentialTests.loaded(program.text)
            for relation in RandomNumericProgram.relations.dropFirst(RandomNumericProgram.firstDerived) {
                let variables = ["x", "y"].prefix(relation.arity)
                for queryDriven in [true, false] {
                    let result = try reasoner.answer(Query.parse("\(relation.name)(\(variables.joined(separator: ", ")))"), options: Reasoner.Options(queryDriven: queryDriven))
                    let found = Set(result.bindings.map { "\(relation.name)(\($0.map(\.rawText).joined(separator: ",")))" })
                    let fromClingo = expected.filter { $0.hasPrefix(relation.name + "(") }
                    #expect(found == fromClingo, "\(relation.name) differs (query-driven: \(queryDriven)) for:\n\(program.text)\nLemma only: \(found.subtracting(fromClingo).sorted())\nclingo only: \(fromClingo.subtracting(found).sorted())")
                    if queryDriven { derivedTuples += found.count }
                    for proof in result.proofs {
                        #expect(throws: Never.self, "a proof the checker rejects, in:\n\(program.text)") { try checker.check(proof) }
                    }
                }
            }
        }
        #expect(derivedTuples > Self.count, "the programs derive something; otherwise agreeing is trivial")
    }
}
