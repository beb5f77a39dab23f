import CZ3

/// The outcome of a satisfiability check.
///
/// `unknown` keeps Z3's explanation because the certification layer must
/// distinguish a resource limit ("timeout", "canceled") from incompleteness
/// (for example nonlinear arithmetic), which call for different reactions.
public enum SatisfiabilityResult: Equatable, Sendable {
    case satisfiable
    case unsatisfiable
    case unknown(reason: String)

    init(_ outcome: Z3_lbool, reasonUnknown: () -> String) {
        switch outcome {
        case Z3_L_TRUE: self = .satisfiable
        case Z3_L_FALSE: self = .unsatisfiable
        default: self = .unknown(reason: reasonUnknown())
        }
    }
}
