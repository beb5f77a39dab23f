import Reasoner
import Syntax
import Testing
@testable import Certification

/// A program written in the rule language, with its inline facts as the stored facts.
struct Knowledge {
    let program: Program
    let facts: [RelationName: Set<[Value]>]

    init(_ text: String) throws {
        let loaded = ProgramLoader.parse(text: text)
        let errors = loaded.diagnostics.filter { $0.severity == .error }
        try #require(errors.isEmpty, "\(errors)")
        program = loaded.program
        facts = Dictionary(grouping: program.facts, by: \.relation).mapValues { Set($0.map(\.values)) }
    }

    var storedFacts: (RelationName) -> Set<[Value]> {
        let facts = self.facts
        return { facts[$0] ?? [] }
    }

    func derives(_ atom: GroundAtom) throws -> Bool {
        try ReferenceEvaluator(program: program, budget: 1_000_000, storedFacts: storedFacts).derives(atom)
    }
}

func atom(_ relation: String, _ values: Value?..., negated: Bool = false) -> GroundAtom {
    GroundAtom(RelationName(relation, classicallyNegated: negated), values)
}

@Suite struct NotDerivableTests {
    static let family = """
        .decl parent(p: symbol, c: symbol)
        .decl ancestor(a: symbol, d: symbol)
        .decl person(p: symbol)
        .decl childless(p: symbol)
        .decl orphan(p: symbol)
        .decl trusted(p: symbol)
        .decl safe(p: symbol)
        .decl cleared(p: symbol)
        .decl banned(p: symbol)
        person("Ann"). person("Bob"). person("Cid"). person("Dan").
        parent("Ann", "Bob"). parent("Bob", "Cid").
        -trusted("Dan"). banned("Cid").
        ancestor(x, y) :- parent(x, y).
        ancestor(x, z) :- ancestor(x, y), ancestor(y, z).
        ancestor(x, y) :- ancestor(x, y), person(x).
        childless(p) :- person(p), !parent(p, _).
        orphan(p) :- person(p), !ancestor(_, p).
        trusted(p) :- person(p), !-trusted(p), !childless(p).
        safe(p) :- cleared(p).
        cleared(p) :- safe(p).
        cleared(p) :- person(p), !banned(p).
        """

    @Test(arguments: [
        atom("ancestor", .symbol("Cid"), .symbol("Ann")),
        atom("ancestor", .symbol("Ann"), .symbol("Ann")),
        atom("ancestor", .symbol("Dan"), nil),
        atom("childless", .symbol("Ann")),
        atom("orphan", .symbol("Cid")),
        atom("trusted", .symbol("Dan")),
        atom("trusted", .symbol("Cid")),
        atom("parent", .symbol("Cid"), nil),
    ])
    func atomsThatAreNotDerivableAreCertified(goal: GroundAtom) throws {
        let knowledge = try Knowledge(Self.family)
        #expect(try !knowledge.derives(goal))
        let certificate = try NotDerivableCertifier().certify(goals: [goal], program: knowledge.program, storedFacts: knowledge.storedFacts)
        #expect(certificate.goals == 1)
    }

    /// `safe("Cid")` and `cleared("Cid")` are possible (Cid is a person, and M⁺ ignores `!banned`) and support each
    /// other through a positive loop, so Clark's completion alone has a model making them true; the ranking must rule
    /// that model out.
    @Test func aPositiveLoopDoesNotMakeAnAtomDerivable() throws {
        let knowledge = try Knowledge(Self.family)
        let goal = atom("safe", .symbol("Cid"))
        #expect(try !knowledge.derives(goal))
        let certificate = try NotDerivableCertifier().certify(goals: [goal], program: knowledge.program, storedFacts: knowledge.storedFacts)
        #expect(certificate.groundInstances > 0)
        #expect(try knowledge.derives(atom("safe", .symbol("Bob"))))
    }

    @Test(arguments: [
        atom("ancestor", .symbol("Ann"), .symbol("Cid")),
        atom("childless", .symbol("Cid")),
        atom("orphan", .symbol("Ann")),
        atom("trusted", .symbol("Bob")),
        atom("trusted", .symbol("Dan"), negated: true),
        atom("ancestor", nil, .symbol("Cid")),
    ])
    func derivableAtomsAreRejected(goal: GroundAtom) throws {
        let knowledge = try Knowledge(Self.family)
        #expect(try knowledge.derives(goal))
        #expect(throws: CertificationError.derivable(goal: goal.description)) {
            try NotDerivableCertifier().certify(goals: [goal], program: knowledge.program, storedFacts: knowledge.storedFacts)
        }
        #expect(throws: CertificationError.derivable(goal: goal.description)) {
            try NotDerivableCertifier().confirmNotDerivableByReference(goals: [goal], program: knowledge.program, storedFacts: knowledge.storedFacts)
        }
    }
}
