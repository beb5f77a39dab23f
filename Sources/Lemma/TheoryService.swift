import Certification
import NeuralParser
import Reasoner
import Syntax

/// Decides a statement about a theory told in English (ProofWriter, PARARULE-Plus, ProntoQA): the theory is read
/// into a program, stored in an in-memory knowledge base, and the statement's atom is answered and certified like
/// any `lemma query`. "true" and "false" come with a checked proof of the atom or of its negation (or, closed world,
/// a certificate that the atom is not derivable); "unknown" with a certificate that neither is derivable.
public struct TheoryService: Sendable {
    public var world: World
    public var solverTimeout: Duration

    public init(world: World = .open, solverTimeout: Duration = .seconds(10)) {
        self.world = world
        self.solverTimeout = solverTimeout
    }

    public struct Decision: Sendable {
        /// "true", "false" or "unknown".
        public var prediction: String
        public var certificate: Certificate
        /// The query asked of the program: the statement's atom, positive.
        public var query: String
        /// The theory as the rule-language program it was read into.
        public var program: String
    }

    public func decide(context: String, statement: String) throws(LemmaError) -> Decision {
        let reader = TheoryReader(world: world)
        var theory: TheoryReader.Theory
        let atom: TheoryReader.Atom
        do {
            theory = try reader.read(context: context)
            atom = try reader.read(statement: statement, into: &theory)
        } catch {
            throw .theory(error)
        }
        let program = reader.program(theory)
        let queryText = reader.query(atom)
        let (result, certificate) = try InMemoryProgram(program, file: Self.file).answer(queryText, world: world, solverTimeout: solverTimeout)
        let holds: Bool? = switch result.truth {
        case .yes: true
        case .no: false
        default: nil
        }
        let prediction = holds.map { $0 != atom.negated ? "true" : "false" } ?? "unknown"
        return Decision(prediction: prediction, certificate: certificate, query: queryText, program: program)
    }

    static let file = "theory.dl"
}
