import Foundation
import Fuzzing
import Testing

/// A short deterministic fuzz run of every input a user controls. `LEMMA_FUZZ_ITERATIONS` makes it longer, and
/// `LEMMA_FUZZ_SEED` picks other inputs; `lemma-fuzz` runs the same campaigns from the command line, and under
/// libFuzzer (see RELIABILITY.md).
@Suite(.serialized) struct FuzzingTests {
    static let harness = Result { try FuzzHarness() }
    static let iterations = ProcessInfo.processInfo.environment["LEMMA_FUZZ_ITERATIONS"].flatMap(Int.init)
    static let seed = ProcessInfo.processInfo.environment["LEMMA_FUZZ_SEED"].flatMap(UInt64.init) ?? 1

    @Test(arguments: [(FuzzTarget.rules, 500), (.facts, 2_000), (.question, 200), (.protocol, 500), (.evaluator, 100)])
    func mutatedInputsAreAnsweredOrRefusedWithALocation(target: FuzzTarget, defaultIterations: Int) throws {
        let harness = try Self.harness.get()
        let report = FuzzCampaign(target: target, iterations: Self.iterations ?? defaultIterations, seed: Self.seed).run(with: harness)
        #expect(report.inputs == (Self.iterations ?? defaultIterations))
        #expect(report.findings.isEmpty, "\(report.findings.prefix(5).map(\.description).joined(separator: "\n"))")
    }

    /// The checks must be able to fail: a harness that accepted anything would make the campaigns above pass trivially.
    @Test func theChecksCatchAViolation() throws {
        let harness = try Self.harness.get()
        #expect(harness.violation(of: .rules, on: Array(".decl p(x: number)\np(1).\n".utf8)) == nil)
        #expect(harness.violation(of: .rules, on: Array(".decl p(x: number)\np(\"one\").\n".utf8)) == nil, "a type error is a located diagnostic, not a violation")
        #expect(harness.violation(of: .protocol, on: Array(#"{"id": 1, "op": "nonsense"}"#.utf8)) == nil)
    }
}
