import Syntax

/// The kind of sentence a person typed, which decides how the answer is worded and which query is built.
public enum QuestionForm: String, CaseIterable, Codable, Sendable {
    /// "Is Juan a grandparent of Lucia?"
    case yesNo = "yes-no"
    /// "Who are the descendants of Juan?", "Which drugs can Mei be given?"
    case which
    /// "How many patients are minors?"
    case howMany = "how-many"
    /// "Is anyone allergic to penicillin?"
    case exists
    /// "Why is Juan a grandparent of Lucia?"
    case why
    /// "Why can't Yusuf be given Amoxicillin?"
    case whyNot = "why-not"
    /// "Sofia is a parent of Iris." (for `lemma tell`)
    case statement
}

/// What a sentence means in the schema's terms. The network predicts it; `Syntax.Query` is built from it, so a
/// parse can only name declared relations with their declared arity.
public struct Interpretation: Equatable, Hashable, Codable, Sendable {
    public enum Argument: Equatable, Hashable, Codable, Sendable {
        /// A name or number linked in the sentence.
        case value(Value)
        /// The variable the question asks for; clauses of a conjunction share it.
        case asked
        /// An argument the sentence leaves open, written `_`.
        case free
        /// A number argument bounded by a comparison: "older than 30" is `.compared(.greater, 30)`.
        case compared(ComparisonOperator, Value)
    }

    public struct Clause: Equatable, Hashable, Codable, Sendable {
        public var relation: String
        public var arguments: [Argument]

        public init(relation: String, arguments: [Argument]) {
            self.relation = relation
            self.arguments = arguments
        }
    }

    public var form: QuestionForm
    /// The single clause is denied: "Who is not an adult?", "Is Mateo not a minor?".
    public var negated: Bool
    /// One clause, or two joined by "and" that share the asked variable.
    public var clauses: [Clause]
    /// The unary relation a negated question ranges over when it names one ("Which badge holders are not locked
    /// out?"); nil ranges over the asked type's own relation ("Who is not an adult?" over `person`).
    public var domain: String?

    public init(form: QuestionForm, negated: Bool = false, clauses: [Clause], domain: String? = nil) {
        self.form = form
        self.negated = negated
        self.clauses = clauses
        self.domain = domain
    }
}
