import Reasoner
import Syntax
import Testing
@testable import Verbalizer

/// Statements, denials, hedges and plurals over templates of every verb shape the shipped and test knowledge use.
@Suite struct PhrasebookTests {
    static let program = ProgramLoader.parse(text: """
        .decl parent(parent: symbol, child: symbol)
        .phrase parent "{parent} is a parent of {child}"
        .decl minor(patient: symbol)
        .phrase minor "{patient} is a minor"
        .decl person(name: symbol)
        .phrase person "{name} is a person"
        .decl allergic(patient: symbol, class: symbol)
        .phrase allergic "{patient} is allergic to {class}"
        .decl teaches(lecturer: symbol, course: symbol)
        .phrase teaches "{lecturer} teaches {course}"
        .decl carries(course: symbol, title: symbol, credits: number)
        .phrase carries "{course} ({title}) carries {credits} credits"
        .decl grade(student: symbol, course: symbol, grade: number)
        .phrase grade "{student} got {grade} in {course}"
        .decl prescription(doctor: symbol, patient: symbol, drug: symbol)
        .phrase prescription "{doctor} prescribed {drug} to {patient}"
        .decl has_role(person: symbol, role: symbol)
        .phrase has_role "{person} has the role {role}"
        .decl completed(student: symbol, course: symbol)
        .phrase completed "{student} has completed {course}"
        .decl childless(person: symbol)
        .phrase childless "{person} has no children"
        .decl may_enter(person: symbol, door: symbol)
        .phrase may_enter "{person} may enter through {door}"
        .decl can_enrol(student: symbol, course: symbol)
        .phrase can_enrol "{student} can enrol in {course}"
        .decl locked_out(person: symbol)
        .phrase locked_out "{person} may not open any door"
        .decl includes(role: symbol, included: symbol)
        .phrase includes "the role {role} includes the role {included}"
        .decl same_generation(person: symbol, peer: symbol)
        .phrase same_generation "{person} and {peer} belong to the same generation"
        .decl born(parent: symbol, years: number, child: symbol)
        .phrase born "{parent} was {years} when {child} was born"
        .decl drug(drug: symbol, class: symbol)
        .phrase drug "{drug} is a {class}"
        .decl holds_badge(person: symbol)
        .phrase holds_badge "{person} holds a building badge"
        .decl studies(student: symbol)
        .phrase studies "{student} studies at the university"
        .decl big(thing: symbol)
        .phrase big "{thing} is big"
        .decl flagged(item: symbol, level: number)
        """, validate: false).program

    let book = Phrasebook(program: Self.program)

    /// An atom from its values as written: digits are numbers, `_` is any value, anything else a symbol.
    func atom(_ relation: String, _ values: String..., negated: Bool = false) -> GroundAtom {
        GroundAtom(RelationName(relation, classicallyNegated: negated), values.map { $0 == "_" ? nil : Int64($0).map(Value.number) ?? .symbol($0) })
    }

    @Test func statementsFillTheCanonicalTemplate() {
        #expect(book.statement(atom("parent", "Juan", "Carlos")) == "Juan is a parent of Carlos")
        #expect(book.statement(atom("carries", "CS101", "Programming", "6")) == "CS101 (Programming) carries 6 credits")
        #expect(book.statement(atom("drug", "amoxicillin", "antibiotic")) == "amoxicillin is an antibiotic")
        #expect(book.statement(atom("drug", "ibuprofen", "NSAID")) == "ibuprofen is an NSAID")
        #expect(book.statement(atom("drug", "x", "university drug")) == "x is a university drug")
        #expect(book.statement(atom("parent", "Ann", "_")) == "Ann is a parent of some child")
    }

    @Test func relationsWithoutAPhraseReadAsAGenericForm() {
        #expect(book.statement(atom("flagged", "Ann", "3")) == "flagged: Ann, 3")
        #expect(book.denial(atom("flagged", "Ann", "3")) == "not flagged: Ann, 3")
        #expect(book.absence(atom("flagged", "Ann", "_")) == "flagged: Ann, any level is not known")
        #expect(book.statement(atom("undeclared", "a", "b")) == "undeclared: a, b")
    }

    @Test(arguments: [
        ("parent", ["Pablo", "Iris"], "Pablo is not a parent of Iris", "Pablo is not known to be a parent of Iris"),
        ("allergic", ["Yusuf", "salicylate"], "Yusuf is not allergic to salicylate", "Yusuf is not known to be allergic to salicylate"),
        ("teaches", ["Turing", "CS101"], "Turing does not teach CS101", "Turing is not known to teach CS101"),
        ("grade", ["Ann", "CS101", "40"], "Ann did not get 40 in CS101", "Ann is not known to have got 40 in CS101"),
        ("prescription", ["House", "Tom", "aspirin"], "House did not prescribe aspirin to Tom", "House is not known to have prescribed aspirin to Tom"),
        ("has_role", ["Dana", "guard"], "Dana does not have the role guard", "Dana is not known to have the role guard"),
        ("completed", ["Ann", "CS101"], "Ann has not completed CS101", "Ann is not known to have completed CS101"),
        ("may_enter", ["Dana", "D1"], "Dana may not enter through D1", "Dana is not known to be allowed to enter through D1"),
        ("can_enrol", ["Ann", "CS102"], "Ann cannot enrol in CS102", "Ann is not known to be able to enrol in CS102"),
        ("includes", ["manager", "staff"], "the role manager does not include the role staff", "the role manager is not known to include the role staff"),
        ("same_generation", ["Lucia", "Noah"], "Lucia and Noah do not belong to the same generation", "Lucia and Noah are not known to belong to the same generation"),
        ("holds_badge", ["Eve"], "Eve does not hold a building badge", "Eve is not known to hold a building badge"),
        ("studies", ["Eve"], "Eve does not study at the university", "Eve is not known to study at the university"),
        ("childless", ["Ann"], "Ann has children", "it is not known that Ann has no children"),
        ("locked_out", ["Eve"], "Eve may open any door", "it is not known that Eve may not open any door"),
    ])
    func negationReadsNaturally(relation: String, values: [String], denial: String, absence: String) {
        let ground = GroundAtom(RelationName(relation), values.map { Int64($0).map(Value.number) ?? .symbol($0) })
        #expect(book.denial(ground) == denial)
        #expect(book.absence(ground) == absence)
    }

    @Test func classicalNegationReadsAsADenial() {
        #expect(book.statement(atom("big", "the cat", negated: true)) == "the cat is not big")
        #expect(book.whether(atom("big", "the cat")) == "whether the cat is big")
    }

    @Test func conditionsReadAsEnglish() {
        #expect(book.reading("15 < 18") == "15 is less than 18")
        #expect(book.reading("19 >= 18") == "19 is at least 18")
        #expect(book.reading("\"Carlos\" != \"Sofia\"") == "Carlos is different from Sofia")
        #expect(book.reading("26 = 45 - 19") == "26 equals 45 minus 19")
        #expect(book.reading("not minor(\"Ann\")") == "Ann is not known to be a minor")
        #expect(book.reading("not parent(\"Ann\", _)") == "Ann is not known to be a parent of any child")
        #expect(book.reading("parent(\"Ann\", \"Bob\")") == "Ann is a parent of Bob")
        #expect(book.reading("3 = count : { parent(\"Ann\", _) }") == "3 is the number of cases in which Ann is a parent of some child")
        #expect(book.falsity("15 >= 18") == "15 is less than 18")
        #expect(book.falsity("40 >= 50") == "40 is less than 50")
        #expect(book.reading("this is not rule syntax") == "this is not rule syntax")
    }

    @Test func englishMorphology() {
        #expect(English.plural("grandchild") == "grandchildren")
        #expect(English.plural("person") == "people")
        #expect(English.plural("patient") == "patients")
        #expect(English.plural("class") == "classes")
        #expect(English.plural("category") == "categories")
        #expect(English.plural("number of children") == "numbers of children")
        #expect(English.list(["Ann"]) == "Ann")
        #expect(English.list(["Ann", "Bob"]) == "Ann and Bob")
        #expect(English.list(["Ann", "Bob", "Eve"]) == "Ann, Bob, and Eve")
        #expect(English.indefiniteArticle(before: "hour") == "an")
        #expect(English.indefiniteArticle(before: "18") == "an")
        #expect(English.indefiniteArticle(before: "19") == "a")
        #expect(English.indefiniteArticle(before: "800") == "an")
        #expect(English.indefiniteArticle(before: "university") == "a")
        #expect(English.words("min_age") == "min age")
        #expect(English.counted(0, "patient") == "no patient")
        #expect(English.counted(1, "patient") == "1 patient")
        #expect(English.counted(2, "child") == "2 children")
    }
}
