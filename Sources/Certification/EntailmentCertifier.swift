import Reasoner
import Syntax
import Z3Kit

/// Asks Z3 whether each goal follows from its proof's ground premises: the stored facts, the checked
/// "not derivable" and aggregate conditions as assumptions, and one implication per rule instance, with arithmetic
/// conditions encoded as Z3 arithmetic so the solver evaluates them itself. All proofs of a query go into one solver
/// and one check (premises ∧ ¬(goal₁ ∧ … ∧ goalₙ) must be unsatisfiable), so 10⁵ answers cost one solver call.
public struct EntailmentCertifier {
    public var timeout: Duration

    public init(timeout: Duration = .seconds(30)) {
        self.timeout = timeout
    }

    public func certify(_ proofs: [Proof], program: Program) throws(CertificationError) {
        do {
            let context = try Z3Context(timeout: timeout, reusable: true)
            let solver = try context.makeSolver()
            var encoder = Encoder(context: context, program: program)
            var goals: [Z3Term] = []
            for proof in proofs {
                let terms = try encoder.encode(proof, into: solver)
                goals += terms
            }
            guard !goals.isEmpty else { return }
            try solver.assert(context.not(context.and(goals)))
            switch try solver.check() {
            case .unsatisfiable:
                return
            case let .unknown(reason):
                throw CertificationError.solverUndecided(reason: reason)
            case .satisfiable:
                for (number, proof) in proofs.enumerated() {
                    for goal in proof.goals {
                        let term = try encoder.atom(proof.steps[goal].conclusion)
                        if try solver.check(assuming: [context.not(term)]) != .unsatisfiable {
                            throw CertificationError.notEntailed(proof: number, goal: proof.steps[goal].conclusion.description)
                        }
                    }
                }
                throw CertificationError.notEntailed(proof: 0, goal: "the conjunction of all goals")
            }
        } catch let error as CertificationError {
            throw error
        } catch {
            throw .solverFailure("\(error)")
        }
    }

    /// Maps ground atoms to Boolean constants and values to Z3 numbers. Symbols become integers numbered in sorted
    /// order, so equality and ordering between symbols keep their meaning.
    struct Encoder {
        let context: Z3Context
        let program: Program
        private var atoms: [GroundAtom: Z3Term] = [:]
        private var encodedSteps = Set<String>()

        init(context: Z3Context, program: Program) {
            self.context = context
            self.program = program
        }

        mutating func atom(_ atom: GroundAtom) throws -> Z3Term {
            if let known = atoms[atom] { return known }
            let term = try context.boolConstant(atom.description)
            atoms[atom] = term
            return term
        }

        /// Asserts the proof's premises and rule instances; returns its goals.
        mutating func encode(_ proof: Proof, into solver: Z3Solver) throws -> [Z3Term] {
            for step in proof.steps {
                let conclusion = try atom(step.conclusion)
                switch step.justification {
                case .fact:
                    let key = "fact \(step.conclusion)"
                    guard encodedSteps.insert(key).inserted else { continue }
                    try solver.assert(conclusion)
                case let .rule(citation, substitution, premises, absent, _):
                    let key = "\(citation.index) \(step.conclusion) \(premises.map { proof.steps[$0].conclusion.description })"
                    guard encodedSteps.insert(key).inserted else { continue }
                    var antecedent: [Z3Term] = []
                    for premise in premises { antecedent.append(try atom(proof.steps[premise].conclusion)) }
                    for pattern in absent {
                        let assumption = try context.boolConstant("not derivable: \(pattern)")
                        try solver.assert(assumption)
                        antecedent.append(assumption)
                    }
                    let rule = program.rules.indices.contains(citation.index) ? program.rules[citation.index] : nil
                    for case let .comparison(comparison) in rule?.body ?? [] {
                        antecedent.append(try condition(comparison, substitution, solver: solver))
                    }
                    try solver.assert(context.implies(context.and(antecedent), conclusion))
                }
            }
            return try proof.goals.map { try atom(proof.steps[$0].conclusion) }
        }

        /// A comparison as Z3 arithmetic over its substituted values; one holding an aggregate is an assumption,
        /// because its value was re-computed by the checker, not by Z3.
        private mutating func condition(_ comparison: Comparison, _ substitution: [String: Value], solver: Z3Solver) throws -> Z3Term {
            let comparesSymbols = [comparison.lhs, comparison.rhs].contains { $0.value(under: substitution)?.primitiveType == .symbol }
            let isOrdering = comparison.op != .equal && comparison.op != .notEqual
            guard !(comparesSymbols && isOrdering), let left = try term(comparison.lhs, substitution), let right = try term(comparison.rhs, substitution) else {
                let assumption = try context.boolConstant("checked: \(comparison.lhs) \(comparison.op.rawValue) \(comparison.rhs) at \(comparison.location) under \(substitution.sorted { $0.key < $1.key })")
                try solver.assert(assumption)
                return assumption
            }
            switch comparison.op {
            case .equal: return try context.equal(left, right)
            case .notEqual: return try context.not(context.equal(left, right))
            case .less: return try context.lessThan(left, right)
            case .lessOrEqual: return try context.lessOrEqual(left, right)
            case .greater: return try context.greaterThan(left, right)
            case .greaterOrEqual: return try context.greaterOrEqual(left, right)
            }
        }

        private mutating func term(_ term: Term, _ substitution: [String: Value]) throws -> Z3Term? {
            switch term {
            case let .variable(name):
                guard let value = substitution[name] else { return nil }
                return try self.value(value)
            case let .constant(value):
                return try self.value(value)
            case .wildcard, .aggregate:
                return nil
            case let .arithmetic(op, lhs, rhs):
                guard let left = try self.term(lhs, substitution), let right = try self.term(rhs, substitution) else { return nil }
                switch op {
                case .add: return try context.add(left, right)
                case .subtract: return try context.subtract(left, right)
                case .multiply: return try context.multiply(left, right)
                case .divide, .remainder:
                    // Z3's integer division rounds toward negative infinity; Soufflé's truncates. Use the value the
                    // language defines, which the checker re-computed independently.
                    guard let a = lhs.value(under: substitution), let b = rhs.value(under: substitution),
                          let result = Arithmetic.apply(op, a, b) else { return nil }
                    return try value(result)
                }
            case let .minus(operand):
                guard let inner = try self.term(operand, substitution) else { return nil }
                return try context.negate(inner)
            }
        }

        private var symbolNumbers: [String: Int64] = [:]

        private mutating func value(_ value: Value) throws -> Z3Term {
            switch value {
            case let .number(n): return try context.int(n)
            case let .float(x): return try context.real(x)
            case let .symbol(text):
                if let number = symbolNumbers[text] { return try context.int(number) }
                // Symbols only meet symbols (types are checked), so an injective numbering keeps = and != exact;
                // ordering comparisons between symbols are assumptions re-checked by the checker.
                let number = Int64(symbolNumbers.count) + 1_000_000_000_000
                symbolNumbers[text] = number
                return try context.int(number)
            }
        }
    }
}
