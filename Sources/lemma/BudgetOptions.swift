import ArgumentParser
import Reasoner

/// Limits on each evaluation, so that a rule set whose closure explodes answers "unknown (budget exceeded)" instead
/// of running out of memory or time.
struct BudgetOptions: ParsableArguments {
    @Option(help: "The most tuples one evaluation may hold, stored and derived together.")
    var maxTuples: Int = EvaluationBudget().maximumTuples

    @Option(help: "The most memory, in MiB, one evaluation's tuples and derivations may take.")
    var maxMemory: Int = EvaluationBudget().maximumBytes >> 20

    @Option(help: "The most seconds one evaluation may run (default: no limit).")
    var maxSeconds: Double?

    func validate() throws {
        guard maxTuples > 0 else { throw ValidationError("--max-tuples must be positive, not \(maxTuples)") }
        guard maxMemory > 0 else { throw ValidationError("--max-memory must be positive, not \(maxMemory)") }
        if let maxSeconds, !(maxSeconds > 0 && maxSeconds <= 1e9) {
            throw ValidationError("--max-seconds must be a positive number of seconds, not \(maxSeconds)")
        }
    }

    var budget: EvaluationBudget {
        EvaluationBudget(maximumTuples: maxTuples, maximumBytes: maxMemory << 20, timeLimit: maxSeconds.map { .milliseconds(Int64($0 * 1000)) })
    }
}
