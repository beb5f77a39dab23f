import Foundation
import Lemma

/// A deterministic run of mutated inputs through one target: the same seed and count give the same inputs, so any
/// finding is reproduced from the two numbers alone.
public struct FuzzCampaign: Sendable {
    public var target: FuzzTarget
    public var iterations: Int
    public var seed: UInt64
    /// An input taking longer than this is reported as a hang.
    public var timeLimit: Duration

    public init(target: FuzzTarget, iterations: Int, seed: UInt64 = 1, timeLimit: Duration = .seconds(10)) {
        self.target = target
        self.iterations = iterations
        self.seed = seed
        self.timeLimit = timeLimit
    }

    public struct Finding: Sendable, CustomStringConvertible {
        public var iteration: Int
        public var input: [UInt8]
        public var problem: String

        public var description: String {
            let shown = String(decoding: input.prefix(200), as: UTF8.self).debugDescription
            return "input \(iteration) (\(input.count) bytes, \(shown)\(input.count > 200 ? "…" : "")): \(problem)"
        }
    }

    public struct Report: Sendable {
        public var inputs = 0
        public var findings: [Finding] = []
        public var slowest: Duration = .zero
        public var elapsed: Duration = .zero
    }

    public func run(with harness: FuzzHarness) -> Report {
        var mutator = Mutator(seed: seed, seeds: FuzzSeeds.inputs(for: target))
        var report = Report()
        let clock = ContinuousClock()
        let started = clock.now
        for iteration in 0..<iterations {
            let input = iteration < mutator.seeds.count ? mutator.seeds[iteration] : mutator.next()
            let before = clock.now
            let problem = harness.violation(of: target, on: input)
            let took = clock.now - before
            report.inputs += 1
            report.slowest = max(report.slowest, took)
            if let problem {
                report.findings.append(Finding(iteration: iteration, input: input, problem: problem))
            } else if took > timeLimit {
                report.findings.append(Finding(iteration: iteration, input: input, problem: "took \(took), over the limit of \(timeLimit)"))
            }
        }
        report.elapsed = clock.now - started
        return report
    }
}
