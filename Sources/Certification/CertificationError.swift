import Reasoner
import Syntax

public enum CertificationError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The independent checker found a step that does not follow; names the step and why.
    case invalidStep(proof: Int, step: Int, reason: String)
    /// Z3 found the goal does not follow from the proof's premises.
    case notEntailed(proof: Int, goal: String)
    /// Z3 could not decide in time; the answer is reported, uncertified, with this reason.
    case solverUndecided(reason: String)
    case solverFailure(String)
    /// The independent checker cannot re-check a step within its budget (a negation or aggregate over a relation
    /// too large for its simple evaluator); the answer is reported, uncertified, with this reason.
    case beyondCheckerBudget(proof: Int, step: Int, reason: String)
    /// Grounding would exceed its budget of tuples, work or rule instances; callers fall back to the reference
    /// evaluator or report the answer uncertified, never wait on an unbounded grounding.
    case groundingBudgetExceeded(String)
    /// The request uses a feature the ground encoding does not cover (aggregates); callers fall back.
    case unsupported(String)
    /// A goal claimed not derivable is derivable: a reasoner bug, never an answer to report.
    case derivable(goal: String)
    /// The reference evaluator ran out of budget while confirming or verifying a result.
    case referenceBudgetExceeded(String)
    /// A conflict handed to the conflict finder does not hold in the knowledge base.
    case notAConflict(String)
    /// The request itself is malformed (an unknown relation, a wrong arity, a pattern where a ground atom is needed).
    case invalidRequest(String)

    public var description: String {
        switch self {
        case let .invalidStep(proof, step, reason): return "proof \(proof + 1), step \(step + 1): \(reason)"
        case let .notEntailed(proof, goal): return "proof \(proof + 1): Z3 finds that \(goal) does not follow from the proof's premises"
        case let .solverUndecided(reason): return "Z3 could not decide the entailment: \(reason)"
        case let .solverFailure(message): return "Z3 failed: \(message)"
        case let .beyondCheckerBudget(proof, step, reason): return "proof \(proof + 1), step \(step + 1): \(reason)"
        case let .groundingBudgetExceeded(reason): return "grounding is beyond its budget: \(reason)"
        case let .unsupported(reason): return "not supported by the ground encoding: \(reason)"
        case let .derivable(goal): return "\(goal) is derivable, so it cannot be certified as not derivable"
        case let .referenceBudgetExceeded(reason): return "the reference evaluator is beyond its budget: \(reason)"
        case let .notAConflict(conflict): return "\(conflict) is not a conflict of the knowledge base"
        case let .invalidRequest(reason): return "invalid request: \(reason)"
        }
    }
}

/// The outcome of certifying a set of proofs: both the checker and Z3 must agree for `certified` to be true.
public struct Certificate: Codable, Sendable, Equatable {
    public var certified: Bool
    public var checkedSteps: Int
    public var checkerAccepted: Bool
    public var solverConfirmed: Bool
    /// Why the answer is not certified, when it is not.
    public var reason: String?
    /// What was certified and how: "proofs" (checker and Z3 entailment), "refutation" (proofs of the atoms that
    /// make the query false), "completion" (Z3 on the completed ground program), "reference" (the independent
    /// evaluator, when grounding is over budget).
    public var method: String?

    public init(certified: Bool, checkedSteps: Int, checkerAccepted: Bool, solverConfirmed: Bool, reason: String?, method: String? = nil) {
        self.certified = certified
        self.checkedSteps = checkedSteps
        self.checkerAccepted = checkerAccepted
        self.solverConfirmed = solverConfirmed
        self.reason = reason
        self.method = method
    }
}
