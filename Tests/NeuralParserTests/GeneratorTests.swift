import Foundation
@testable import NeuralParser
import Syntax
import Testing

/// Schemas for the generator's tests: the templates the brief names, written out, and the knowledge bases
/// shipped with Lemma, read from their `.dl` files so the generator is checked against what real authors wrote.
enum GeneratorFixtures {
    static func attribute(_ name: String, _ type: String) -> RelationSchema.Attribute {
        RelationSchema.Attribute(name: name, typeName: type, primitive: type == "number" ? .number : .symbol)
    }

    static func relation(_ name: String, _ attributes: [(String, String)], _ phrases: String...) -> RelationSchema {
        RelationSchema(name: name, attributes: attributes.map { attribute($0.0, $0.1) }, phrases: phrases)
    }

    static func entities(_ members: [String: [String]]) -> [String: Set<String>] {
        var result: [String: Set<String>] = [:]
        for (type, names) in members {
            for name in names { result[name, default: []].insert(type) }
        }
        return result
    }

    static let handWritten = ParserSchema(relations: [
        relation("parent", [("parent", "Person"), ("child", "Person")], "{parent} is a parent of {child}", "{child} is a child of {parent}"),
        relation("grandparent", [("grandparent", "Person"), ("grandchild", "Person")], "{grandparent} is a grandparent of {grandchild}", "{grandchild} is a grandchild of {grandparent}"),
        relation("ancestor", [("ancestor", "Person"), ("descendant", "Person")], "{ancestor} is an ancestor of {descendant}", "{descendant} descends from {ancestor}"),
        relation("descendant", [("descendant", "Person"), ("ancestor", "Person")], "{descendant} is a descendant of {ancestor}"),
        relation("mother", [("mother", "Person"), ("child", "Person")], "{mother} is the mother of {child}", "{child}'s mother is {mother}"),
        relation("age", [("person", "Person"), ("years", "number")], "{person} is {years} years old", "the age of {person} is {years}"),
        relation("adult", [("person", "Person")], "{person} is an adult", "{person} is 18 or older"),
        relation("number_of_children", [("person", "Person"), ("children", "number")], "{person} has {children} children"),
        relation("student", [("student", "Person")], "{student} is a student"),
        relation("teaching_assistant", [("person", "Person")], "{person} is a teaching assistant"),
        relation("teaches", [("lecturer", "symbol"), ("course", "Course")], "{lecturer} teaches {course}", "{course} is taught by {lecturer}"),
        relation("enrolled", [("student", "Student"), ("course", "Course")], "{student} is enrolled in {course}"),
        relation("can_enrol", [("student", "Student"), ("course", "Course")], "{student} can enrol in {course}", "{student} is eligible for {course}"),
        relation("completed", [("student", "Student"), ("course", "Course")], "{student} has completed {course}", "{student} passed {course}"),
        relation("grade", [("student", "Student"), ("course", "Course"), ("grade", "Grade")], "{student} got {grade} in {course}", "the grade of {student} in {course} is {grade}"),
        relation("requires", [("course", "Course"), ("prerequisite", "Course")], "{prerequisite} must be passed before {course}"),
        relation("minor", [("patient", "Patient")], "{patient} is a minor", "{patient} is under 18"),
        relation("may_prescribe", [("drug", "Drug"), ("patient", "Patient")], "{drug} may be prescribed to {patient}", "{patient} can safely take {drug}"),
        relation("contraindicated", [("drug", "Drug"), ("patient", "Patient")], "{drug} is contraindicated for {patient}", "{patient} must not take {drug}"),
        relation("allergic", [("patient", "Patient"), ("class", "DrugClass")], "{patient} is allergic to {class}"),
        relation("drug", [("drug", "Drug"), ("class", "DrugClass"), ("min_age", "number")], "{drug} is a {class} for patients aged {min_age} or over", "{drug} belongs to the class {class}"),
        relation("may_give", [("patient", "Patient"), ("drug", "Drug")], "{patient} can be given {drug}"),
        relation("has_role", [("person", "Badge"), ("role", "Role")], "{person} has the role {role}", "{person} works as {role}"),
        relation("suspended", [("person", "Badge")], "the badge of {person} is suspended", "{person} is suspended"),
        relation("may_enter", [("person", "Badge"), ("door", "Door")], "{person} may enter through {door}", "{door} opens for {person}"),
    ], entityTypes: entities([
        "Person": ["Juan", "Lucia", "Mateo", "Sofia", "Carlos", "Iris", "Pablo"],
        "Student": ["Alice", "Yusuf"], "Course": ["CS101", "CS102", "CS301"], "Grade": ["A", "B"], "symbol": ["Turing"],
        "Drug": ["Aspirin", "Warfarin", "Amoxicillin"], "Patient": ["Olga", "Mei", "Yusuf"], "DrugClass": ["penicillin"],
        "Badge": ["Ana"], "Role": ["visitor"], "Door": ["B-204"],
    ]))

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func shipped(_ relativePath: String, names: [String: [String]]) throws -> ParserSchema {
        let loaded = try ProgramLoader().load(path: root.appendingPathComponent(relativePath).path, validate: false)
        let types = TypeTable(loaded.program.types)
        let phrases = Dictionary(loaded.program.phrases.map { ($0.relation, $0.templates) }, uniquingKeysWith: { first, _ in first })
        let relations = loaded.program.relations.compactMap { declaration -> RelationSchema? in
            guard let templates = phrases[declaration.name] else { return nil }
            let attributes = declaration.attributes.map {
                RelationSchema.Attribute(name: $0.name, typeName: $0.typeName, primitive: types.primitive(of: $0.typeName) ?? .symbol)
            }
            return RelationSchema(name: declaration.name, attributes: attributes, phrases: templates)
        }
        return ParserSchema(relations: relations, entityTypes: entities(names))
    }

    static func shippedSchemas() throws -> [ParserSchema] {
        [
            try shipped("rules/family.dl", names: ["Person": ["Juan", "Lucia", "Mateo", "Sofia", "Carlos", "Iris", "Pablo"]]),
            try shipped("rules/university.dl", names: [
                "Student": ["Alice", "Bob", "Yusuf"], "Course": ["CS101", "CS102", "CS301"], "symbol": ["Turing", "Hopper", "Databases"],
            ]),
            try shipped("rules/access.dl", names: [
                "Badge": ["Ana", "Ben"], "Role": ["engineer", "visitor"], "Zone": ["Lab", "Lobby"], "Door": ["D1", "B-204"],
            ]),
            try shipped("Tests/LemmaTests/Fixtures/domains/clinic/clinic.dl", names: [
                "Patient": ["Olga", "Mei"], "Drug": ["Aspirin", "Warfarin", "Amoxicillin"], "DrugClass": ["penicillin", "beta_lactam"],
                "symbol": ["Dr House"],
            ]),
        ]
    }

    /// Why a sample's label does not fit its schema, or nil when it does.
    static func problem(with sample: LabeledSentence, in schema: ParserSchema) -> String? {
        let interpretation = sample.interpretation
        guard !sample.text.isEmpty, !sample.text.contains("{") else { return "bad text" }
        guard (1...2).contains(interpretation.clauses.count) else { return "clause count" }
        var askedTypes: [String] = []
        for clause in interpretation.clauses {
            guard let relation = schema.relation(named: clause.relation) else { return "unknown relation \(clause.relation)" }
            guard clause.arguments.count == relation.arity else { return "arity of \(clause.relation)" }
            var asked = 0
            for (attribute, argument) in zip(relation.attributes, clause.arguments) {
                switch argument {
                case let .value(.symbol(name)):
                    guard !attribute.isNumeric, schema.entityTypes[name]?.contains(attribute.typeName) == true else { return "unknown name \(name)" }
                case .value(.number):
                    guard attribute.isNumeric else { return "number in \(attribute.name)" }
                case .value(.float):
                    return "float"
                case let .compared(op, value):
                    guard attribute.isNumeric, [.greater, .less, .greaterOrEqual, .lessOrEqual].contains(op), case .number = value else { return "comparison" }
                case .asked:
                    asked += 1
                    askedTypes.append(attribute.typeName)
                case .free:
                    guard [.which, .howMany, .exists, .yesNo].contains(interpretation.form) else { return "free in \(interpretation.form)" }
                }
            }
            switch interpretation.form {
            case .which, .howMany, .exists:
                guard asked == 1 else { return "asked count \(asked)" }
            case .yesNo, .why, .whyNot, .statement:
                guard asked == 0 else { return "asked in \(interpretation.form)" }
            }
            if [.why, .whyNot, .statement].contains(interpretation.form) {
                guard clause.arguments.allSatisfy({ if case .value = $0 { return true } else { return false } }) else { return "open argument in \(interpretation.form)" }
            }
        }
        if interpretation.form == .whyNot, interpretation.negated { return "negated why-not" }
        if interpretation.clauses.count == 2 {
            guard !interpretation.negated, [.which, .howMany, .exists].contains(interpretation.form) else { return "conjunction form" }
            guard Set(askedTypes).count == 1 else { return "conjunction of different types" }
        }
        return nil
    }

    /// Whether `name` appears in `text`, exactly or with the one edit the sampler may make, ignoring case.
    static func mentions(_ text: String, _ name: String) -> Bool {
        let text = Array(text.lowercased())
        let name = Array(name.lowercased())
        if String(text).contains(String(name)) { return true }
        for length in [name.count - 1, name.count + 1] where length > 0 && length <= text.count {
            for start in 0...(text.count - length) where withinOneEdit(Array(text[start..<(start + length)]), name) { return true }
        }
        for start in 0...max(0, text.count - name.count) where start + name.count <= text.count {
            if withinOneEdit(Array(text[start..<(start + name.count)]), name) { return true }
        }
        return false
    }

    /// One deletion, insertion, substitution or swap of neighbours apart, or equal.
    static func withinOneEdit(_ a: [Character], _ b: [Character]) -> Bool {
        if a == b { return true }
        if a.count == b.count {
            let differences = a.indices.filter { a[$0] != b[$0] }
            if differences.count == 1 { return true }
            return differences.count == 2 && differences[1] == differences[0] + 1 && a[differences[0]] == b[differences[1]] && a[differences[1]] == b[differences[0]]
        }
        let (short, long) = a.count < b.count ? (a, b) : (b, a)
        guard long.count == short.count + 1 else { return false }
        for index in long.indices where Array(long[..<index] + long[(index + 1)...]) == short { return true }
        return false
    }
}

@Suite struct GeneratorTests {
    let generator = QuestionGenerator(schema: GeneratorFixtures.handWritten)

    func questions(_ form: QuestionForm, _ relation: String, _ arguments: [Interpretation.Argument], negated: Bool = false) -> [String] {
        generator.questions(for: relation, form: form, arguments: arguments, negated: negated)
    }

    static func name(_ text: String) -> Interpretation.Argument { .value(.symbol(text)) }

    // MARK: exact realisations of real templates

    @Test func subjectAuxiliaryInversionAndDoSupport() {
        #expect(questions(.yesNo, "grandparent", [Self.name("Juan"), Self.name("Lucia")]).contains("Is Juan a grandparent of Lucia?"))
        #expect(questions(.yesNo, "teaches", [Self.name("Turing"), Self.name("CS101")]) == [
            "Does Turing teach CS101?", "Is it true that Turing teaches CS101?",
            "Is CS101 taught by Turing?", "Is it true that CS101 is taught by Turing?",
        ])
        let taught = questions(.which, "teaches", [Self.name("Turing"), .asked])
        #expect(taught.contains("What does Turing teach?"))
        #expect(taught.contains("Which courses does Turing teach?"))
        #expect(taught.contains("Which courses are taught by Turing?"))
        #expect(questions(.which, "grade", [Self.name("Alice"), Self.name("CS101"), .asked]).contains("What grade did Alice get in CS101?"))
        #expect(questions(.yesNo, "completed", [Self.name("Alice"), Self.name("CS102")]).contains("Did Alice pass CS102?"))
        #expect(questions(.yesNo, "completed", [Self.name("Alice"), Self.name("CS102")]).contains("Has Alice completed CS102?"))
    }

    @Test func modals() {
        #expect(questions(.yesNo, "may_prescribe", [Self.name("Aspirin"), Self.name("Olga")]).contains("May Aspirin be prescribed to Olga?"))
        let recipients = questions(.which, "may_prescribe", [Self.name("Warfarin"), .asked])
        #expect(recipients.contains("To whom may Warfarin be prescribed?"))
        #expect(recipients.contains("Who may Warfarin be prescribed to?"))
        #expect(questions(.which, "may_prescribe", [.asked, Self.name("Mei")]).contains("Which drugs may be prescribed to Mei?"))
        #expect(questions(.which, "can_enrol", [Self.name("Alice"), .asked]) == [
            "What can Alice enrol in?", "Which course can Alice enrol in?", "What course can Alice enrol in?", "Which courses can Alice enrol in?",
            "In which course can Alice enrol?", "In which courses can Alice enrol?",
            "What is Alice eligible for?", "Which course is Alice eligible for?", "What course is Alice eligible for?", "Which courses is Alice eligible for?",
            "For which course is Alice eligible?", "For which courses is Alice eligible?",
        ])
    }

    @Test func whSubjectsAndPlurals() {
        #expect(questions(.which, "teaches", [.asked, Self.name("CS101")]).contains("Who teaches CS101?"))
        #expect(questions(.which, "completed", [.asked, Self.name("CS102")]).contains("Which students have completed CS102?"))
        #expect(questions(.which, "descendant", [.asked, Self.name("Juan")]).contains("Who are the descendants of Juan?"))
        #expect(questions(.which, "minor", [.asked]).contains("Which patients are minors?"))
        #expect(questions(.which, "has_role", [Self.name("Ana"), .asked]).contains("Which role does Ana have?"))
    }

    @Test func strandedAndFrontedPrepositions() {
        let grandchildren = questions(.which, "grandparent", [Self.name("Juan"), .asked])
        #expect(grandchildren.contains("Who is Juan a grandparent of?"))
        #expect(grandchildren.contains("Of whom is Juan a grandparent?"))
        #expect(questions(.which, "contraindicated", [Self.name("Aspirin"), .asked]).contains("For whom is Aspirin contraindicated?"))
        #expect(questions(.which, "may_enter", [Self.name("Ana"), .asked]).contains("Through which door may Ana enter?"))
    }

    @Test func possessives() {
        #expect(questions(.which, "grandparent", [.asked, Self.name("Mateo")]).contains("Who are Mateo's grandparents?"))
        #expect(questions(.which, "parent", [Self.name("Carlos"), .asked]).contains("Whose parent is Carlos?"))
        let mothers = questions(.which, "mother", [.asked, Self.name("Iris")])
        #expect(mothers.contains("Who is Iris's mother?"))
        // The mother is one person: no plural, and a denial of the copula is not turned into "… mother not?".
        #expect(!mothers.contains { $0.contains("mothers") })
        #expect(questions(.which, "mother", [.asked, Self.name("Iris")], negated: true) == [
            "Who is not the mother of Iris?", "Who isn't the mother of Iris?", "Which person is not the mother of Iris?",
            "Which person isn't the mother of Iris?", "What person is not the mother of Iris?", "What person isn't the mother of Iris?",
        ])
        #expect(questions(.which, "suspended", [.asked]).contains("Whose badge is suspended?"))
        #expect(questions(.which, "age", [Self.name("Juan"), .asked]).contains("What is Juan's age?"))
    }

    @Test func counting() {
        #expect(questions(.howMany, "minor", [.asked]).contains("How many patients are minors?"))
        #expect(questions(.howMany, "completed", [Self.name("Alice"), .asked]).contains("How many courses has Alice completed?"))
        #expect(questions(.howMany, "grandparent", [.asked, Self.name("Mateo")]).contains("How many grandparents does Mateo have?"))
        // A number slot is a quantity, not something to count.
        #expect(questions(.howMany, "number_of_children", [.asked, .value(.number(2))]).allSatisfy { !$0.contains("How many children") })
    }

    @Test func existence() {
        let allergic = questions(.exists, "allergic", [.asked, Self.name("penicillin")])
        #expect(allergic.contains("Is anyone allergic to penicillin?"))
        #expect(allergic.contains("Is there a patient who is allergic to penicillin?"))
        #expect(questions(.exists, "teaches", [.asked, Self.name("CS101")]).contains("Does anybody teach CS101?"))
        #expect(questions(.exists, "completed", [Self.name("Alice"), .asked]).contains("Has Alice completed any courses?"))
    }

    @Test func negation() {
        #expect(questions(.which, "adult", [.asked], negated: true).contains("Who is not an adult?"))
        #expect(questions(.which, "can_enrol", [.asked, Self.name("CS301")], negated: true).contains("Which students cannot enrol in CS301?"))
        #expect(questions(.yesNo, "adult", [Self.name("Mateo")], negated: true).contains("Is Mateo not an adult?"))
        #expect(questions(.which, "teaches", [.asked, Self.name("CS101")], negated: true).contains("Who doesn't teach CS101?"))
        // "must not" forbids rather than denies, so "must" templates are never negated, nor already negative ones.
        #expect(questions(.which, "requires", [Self.name("CS301"), .asked], negated: true).isEmpty)
        #expect(questions(.whyNot, "requires", [Self.name("CS301"), Self.name("CS101")]).isEmpty)
        #expect(questions(.which, "contraindicated", [.asked, Self.name("Olga")], negated: true) == [
            "What is not contraindicated for Olga?", "What isn't contraindicated for Olga?",
            "Which drug is not contraindicated for Olga?", "Which drug isn't contraindicated for Olga?",
            "What drug is not contraindicated for Olga?", "What drug isn't contraindicated for Olga?",
            "Which drugs are not contraindicated for Olga?", "Which drugs aren't contraindicated for Olga?",
            "List the drugs that are not contraindicated for Olga.", "List the drugs that aren't contraindicated for Olga.",
        ])
    }

    @Test func conjunctions() {
        let both = Interpretation(form: .which, clauses: [.init(relation: "student", arguments: [.asked]), .init(relation: "teaching_assistant", arguments: [.asked])])
        #expect(generator.questions(for: both).contains("Who is a student and a teaching assistant?"))
        let courses = Interpretation(form: .which, clauses: [
            .init(relation: "enrolled", arguments: [.asked, Self.name("CS101")]), .init(relation: "completed", arguments: [.asked, Self.name("CS102")]),
        ])
        #expect(generator.questions(for: courses).contains("Which students are enrolled in CS101 and have completed CS102?"))
        #expect(generator.questions(for: courses).contains("Who is enrolled in CS101 and passed CS102?"))
    }

    @Test func headNounsOfAFirstClauseCarryASecond() {
        let femaleMinors = Interpretation(form: .which, clauses: [
            .init(relation: "minor", arguments: [.asked]), .init(relation: "allergic", arguments: [.asked, Self.name("penicillin")]),
        ])
        #expect(generator.questions(for: femaleMinors).contains("Which minors are allergic to penicillin?"))
        let adultChildren = Interpretation(form: .howMany, clauses: [
            .init(relation: "parent", arguments: [Self.name("Carlos"), .asked]), .init(relation: "adult", arguments: [.asked]),
        ])
        #expect(generator.questions(for: adultChildren).contains("How many children of Carlos are adults?"))
    }

    @Test func classesRelationalNounsAndPossession() {
        #expect(questions(.howMany, "minor", [.asked]).contains("How many minors are there?"))
        #expect(questions(.exists, "minor", [.asked]).contains("Are there any minors?"))
        #expect(questions(.which, "minor", [.asked]).contains("List the minors."))
        #expect(questions(.which, "descendant", [.asked, Self.name("Juan")]).contains("List the descendants of Juan."))
        #expect(questions(.howMany, "grandparent", [.asked, Self.name("Mateo")]).contains("Count the grandparents of Mateo."))
        #expect(questions(.which, "grandparent", [.free, .asked], negated: true).contains("Who has no grandparent?"))
        #expect(questions(.which, "grandparent", [.free, .asked]).contains("Who has a grandparent?"))
    }

    @Test func comparisons() {
        #expect(questions(.which, "number_of_children", [.asked, .compared(.greater, .number(2))]).contains("Who has more than 2 children?"))
        #expect(questions(.which, "number_of_children", [.asked, .compared(.less, .number(3))]).contains("Who has fewer than 3 children?"))
        #expect(questions(.which, "age", [.asked, .compared(.greater, .number(30))]).contains("Which people are older than 30?"))
        #expect(questions(.which, "age", [.asked, .compared(.less, .number(30))]).contains("Who is younger than 30?"))
        #expect(questions(.which, "age", [.asked, .compared(.greaterOrEqual, .number(30))]).contains("Who is at least 30 years old?"))
        #expect(questions(.which, "age", [.asked, .compared(.lessOrEqual, .number(30))]).contains("Who is 30 or younger?"))
        #expect(questions(.howMany, "age", [.asked, .compared(.greater, .number(65))]).contains("How many people are over 65?"))
        #expect(questions(.yesNo, "age", [Self.name("Juan"), .compared(.greater, .number(30))]).contains("Is Juan older than 30?"))
        #expect(questions(.which, "age", [Self.name("Juan"), .asked]).contains("How old is Juan?"))
    }

    @Test func whyAndWhyNot() {
        #expect(questions(.why, "grandparent", [Self.name("Juan"), Self.name("Lucia")]).contains("Why is Juan a grandparent of Lucia?"))
        #expect(questions(.whyNot, "ancestor", [Self.name("Pablo"), Self.name("Iris")]).contains("Why isn't Pablo an ancestor of Iris?"))
        #expect(questions(.whyNot, "ancestor", [Self.name("Pablo"), Self.name("Iris")]).contains("Why doesn't Iris descend from Pablo?"))
        #expect(questions(.whyNot, "may_give", [Self.name("Yusuf"), Self.name("Amoxicillin")]) == [
            "Why can Yusuf not be given Amoxicillin?", "How come Yusuf cannot be given Amoxicillin?",
            "Why can't Yusuf be given Amoxicillin?", "How come Yusuf can't be given Amoxicillin?",
        ])
    }

    @Test func statements() {
        let arguments = [Self.name("Sofia"), Self.name("Iris")]
        #expect(questions(.statement, "parent", arguments) == ["Sofia is a parent of Iris.", "Iris is a child of Sofia."])
        #expect(questions(.statement, "parent", arguments, negated: true).contains("Sofia is not a parent of Iris."))
        #expect(questions(.statement, "teaches", [Self.name("Turing"), Self.name("CS101")], negated: true).contains("Turing doesn't teach CS101."))
    }

    @Test func aTemplateThatLeavesAnAttributeOutOnlySaysClausesWhereItIsFree() {
        #expect(questions(.which, "drug", [.asked, Self.name("penicillin"), .free]).contains("Which drugs belong to the class penicillin?"))
        #expect(questions(.statement, "drug", [Self.name("Aspirin"), Self.name("penicillin"), .value(.number(12))]) == [
            "Aspirin is a penicillin for patients aged 12 or over.",
        ])
        #expect(questions(.which, "drug", [.asked, Self.name("penicillin"), .value(.number(12))]).allSatisfy { !$0.contains("belong") })
    }

    @Test func everyRealisationIsCleanText() {
        var count = 0
        for relation in GeneratorFixtures.handWritten.relations {
            for asked in relation.attributes.indices {
                for form in [QuestionForm.which, .howMany, .exists] {
                    for negated in [false, true] {
                        let arguments = relation.attributes.indices.map { index -> Interpretation.Argument in
                            index == asked ? .asked : relation.attributes[index].isNumeric ? .value(.number(7)) : .value(.symbol("X"))
                        }
                        for question in questions(form, relation.name, arguments, negated: negated) {
                            count += 1
                            #expect(question.hasSuffix("?") || question.hasSuffix("."))
                            #expect(!question.contains("  ") && !question.contains("{") && !question.hasSuffix(" not?"))
                            #expect(question.first?.isUppercase == true)
                        }
                    }
                }
            }
        }
        #expect(count > 500)
    }

    // MARK: labels

    @Test func labelsFitTheirSchemaAndNameWhatTheTextMentions() throws {
        var schemas: [(ParserSchema, Set<String>)] = [(GeneratorFixtures.handWritten, [])]
        schemas += try GeneratorFixtures.shippedSchemas().map { ($0, []) }
        for index in 0..<12 {
            let vocabulary = SyntheticVocabulary(split: index < 8 ? .training : .heldOut, index: UInt64(index))
            schemas.append((vocabulary.schema, vocabulary.personTypes))
        }
        var forms = Set<QuestionForm>()
        var unmentioned = 0
        var names = 0
        for (schema, personTypes) in schemas {
            let samples = QuestionGenerator(schema: schema, personTypes: personTypes).samples(count: 300, seed: 11)
            #expect(samples.count == 300)
            for sample in samples {
                let problem = GeneratorFixtures.problem(with: sample, in: schema)
                #expect(problem == nil, "\(sample.text): \(problem ?? "")")
                forms.insert(sample.interpretation.form)
                for clause in sample.interpretation.clauses {
                    for case let .value(.symbol(name)) in clause.arguments {
                        names += 1
                        #expect(GeneratorFixtures.mentions(sample.text, name), "\(sample.text) does not mention \(name)")
                        if !sample.text.lowercased().contains(name.lowercased()) { unmentioned += 1 }
                    }
                    for argument in clause.arguments {
                        if case let .value(.number(number)) = argument { #expect(sample.text.contains(String(number)), "\(sample.text) lacks \(number)") }
                        if case let .compared(_, .number(number)) = argument { #expect(sample.text.contains(String(number)), "\(sample.text) lacks \(number)") }
                    }
                }
            }
        }
        #expect(forms == Set(QuestionForm.allCases))
        // Misspelt names are noise, not the rule.
        #expect(unmentioned > 0 && unmentioned * 10 < names)
    }

    @Test func embeddedQuestionsKeepStatementOrder() {
        func embedded(_ form: QuestionForm, _ relation: String, _ arguments: [Interpretation.Argument]) -> [String] {
            let interpretation = Interpretation(form: form, clauses: [.init(relation: relation, arguments: arguments)])
            let values = generator.fillers(of: interpretation)
            return generator.grammar.phrasings(interpretation).compactMap { $0.embedded.map { Phrasing.text($0, values) } }
        }
        #expect(embedded(.which, "teaches", [Self.name("Turing"), .asked]).contains("what Turing teaches"))
        #expect(embedded(.which, "may_prescribe", [Self.name("Warfarin"), .asked]).contains("to whom Warfarin may be prescribed"))
        #expect(embedded(.yesNo, "grandparent", [Self.name("Juan"), Self.name("Lucia")]).contains("whether Juan is a grandparent of Lucia"))
        #expect(embedded(.why, "teaches", [Self.name("Turing"), Self.name("CS101")]).contains("why Turing teaches CS101"))
        #expect(embedded(.howMany, "completed", [Self.name("Alice"), .asked]).contains("how many courses Alice has completed"))
        #expect(embedded(.exists, "allergic", [.asked, Self.name("penicillin")]).contains("whether anyone is allergic to penicillin"))
    }

    @Test func samplesCarryTheNoiseRealUsersAdd() {
        let texts = generator.samples(count: 4000, seed: 21).map(\.text)
        #expect(texts.contains { $0.hasPrefix("Could you tell me ") || $0.hasPrefix("Can you tell me ") || $0.hasPrefix("Do you know ") })
        #expect(texts.contains { $0.hasPrefix("I'd like to know ") || $0.hasPrefix("Please tell me ") })
        #expect(texts.contains { $0.hasPrefix("Who's ") || $0.hasPrefix("What's ") })
        #expect(texts.contains { $0.contains("n't ") })
        #expect(texts.contains { $0 == $0.lowercased() && $0.contains { $0.isLetter } })
        #expect(texts.contains { !$0.hasSuffix("?") && !$0.hasSuffix(".") })
        #expect(texts.contains { $0.hasPrefix("Show me ") || $0.hasPrefix("List ") })
        #expect(texts.contains { $0.hasPrefix("Note that ") || $0.hasPrefix("Please record that ") || $0.hasPrefix("Remember that ") })
        // Most sentences are left as written.
        #expect(texts.filter { $0.first?.isUppercase == true && ($0.hasSuffix("?") || $0.hasSuffix(".")) }.count > texts.count / 2)
    }

    @Test func noiseKeepsTheStoredNameInTheLabel() {
        var random = SeededRandom(seed: 3)
        for name in ["Maria Lopez", "penicillin", "Warfarin", "Dr House", "beta_lactam"] {
            for _ in 0..<50 {
                let misspelt = Noise.misspelt(name, using: &random)
                #expect(misspelt != name && GeneratorFixtures.withinOneEdit(Array(misspelt), Array(name)))
                #expect(misspelt.first == name.first)
            }
        }
        // Short names and codes, where one edit names something else ("CS110"), are left alone.
        #expect(Noise.misspelt("Ann", using: &random) == "Ann")
        #expect(Noise.misspelt("CS101", using: &random) == "CS101")
    }

    @Test func everyShippedRelationWithAReadableTemplateCanBeAskedAbout() throws {
        for schema in try GeneratorFixtures.shippedSchemas() {
            let generator = QuestionGenerator(schema: schema)
            for relation in schema.relations {
                let values = relation.attributes.map { attribute -> Interpretation.Argument in
                    attribute.isNumeric ? .value(.number(3)) : .value(.symbol("X"))
                }
                #expect(!generator.questions(for: relation.name, form: .statement, arguments: values).isEmpty, "\(relation.name)")
                guard generator.grammar.frames[relation.name]?.contains(where: { $0 != nil }) == true else { continue }
                #expect(!generator.questions(for: relation.name, form: .yesNo, arguments: values).isEmpty, "\(relation.name)")
                let askable = relation.attributes.indices.contains { index in
                    var arguments = values
                    arguments[index] = .asked
                    return !generator.questions(for: relation.name, form: .which, arguments: arguments).isEmpty
                }
                #expect(askable, "\(relation.name)")
            }
        }
    }

    // MARK: vocabularies

    @Test func vocabulariesAndSamplesAreDeterminedByTheirSeeds() {
        let first = SyntheticVocabulary(split: .training, index: 42)
        let again = SyntheticVocabulary(split: .training, index: 42)
        #expect(first.schema == again.schema)
        #expect(first.samples(count: 200, seed: 5) == again.samples(count: 200, seed: 5))
        #expect(first.samples(count: 50, seed: 5) != first.samples(count: 50, seed: 6))
        #expect(first.schema != SyntheticVocabulary(split: .training, index: 43).schema)
        #expect(generator.samples(count: 100, seed: 9) == generator.samples(count: 100, seed: 9))
        var random = SeededRandom(seed: 77)
        var again77 = SeededRandom(seed: 77)
        let drawn = SyntheticVocabulary(split: .heldOut, using: &random)
        #expect(drawn.split == .heldOut && drawn.schema == SyntheticVocabulary(split: .heldOut, using: &again77).schema)
    }

    @Test func vocabulariesHaveTheShapeOfRealOnes() {
        for index in 0..<30 {
            let vocabulary = SyntheticVocabulary(split: .training, index: UInt64(index))
            let relations = vocabulary.schema.relations
            #expect((5...30).contains(relations.count))
            #expect(Set(relations.map(\.name)).count == relations.count)
            #expect(relations.allSatisfy { (1...3).contains($0.arity) && (1...2).contains($0.phrases.count) })
            let grammar = QuestionGrammar(schema: vocabulary.schema, personTypes: vocabulary.personTypes)
            #expect(relations.allSatisfy { relation in grammar.frames[relation.name]?.allSatisfy { $0 != nil } == true })
            let types = Set(relations.flatMap(\.attributes).map(\.typeName)).subtracting(["number", "symbol"])
            #expect((1...6).contains(types.count))
            for type in types {
                let members = vocabulary.schema.entityTypes.filter { $0.value.contains(type) }.count
                #expect((5...20).contains(members), "\(type) has \(members) names")
            }
        }
        let all = (0..<30).map { SyntheticVocabulary(split: .training, index: UInt64($0)).schema.relations }.joined()
        #expect(all.contains { $0.attributes.contains(where: \.isNumeric) })
        #expect(all.contains { $0.arity == 3 })
        #expect(all.contains { $0.name.contains("_") })
    }

    @Test func heldOutVocabulariesShareNoWordWithTrainingOnes() {
        let training = (0..<60).map { SyntheticVocabulary(split: .training, index: UInt64($0)).contentWords }.reduce(into: Set<String>()) { $0.formUnion($1) }
        let heldOut = (0..<30).map { SyntheticVocabulary(split: .heldOut, index: UInt64($0)).contentWords }.reduce(into: Set<String>()) { $0.formUnion($1) }
        #expect(training.count > 1000 && heldOut.count > 500)
        #expect(training.isDisjoint(with: heldOut), "shared: \(training.intersection(heldOut).sorted().prefix(20))")
        // Real words are on both sides, not only invented ones.
        #expect(heldOut.contains { Lexicon.full.allForms.contains($0) })
        #expect(VocabularySplit.of(seed: VocabularySplit.training.seed(7)) == .training)
        #expect(VocabularySplit.of(seed: VocabularySplit.heldOut.seed(7)) == .heldOut)
        #expect(SyntheticVocabulary(split: .heldOut, index: 7).seed != SyntheticVocabulary(split: .training, index: 7).seed)
    }

    @Test func theLexiconReadsItsOwnInflectionsBack() {
        for verb in Lexicon.full.verbs {
            #expect(Morphology.base(ofThird: verb.third) == verb.base, "\(verb.third)")
            #expect(Morphology.base(ofPast: verb.past) == verb.base, "\(verb.past)")
            #expect(Morphology.isParticiple(verb.participle), "\(verb.participle)")
        }
        for noun in Lexicon.full.personNouns + Lexicon.full.thingNouns {
            #expect(Morphology.plural(noun.singular) == noun.plural)
            #expect(Morphology.singular(noun.plural) == noun.singular)
        }
        let training = WordSource.training.allForms
        #expect(training.isDisjoint(with: WordSource.heldOut.allForms))
    }

    @Test func twoHundredThousandSamplesTakeWellUnderAMinute() {
        let start = ContinuousClock.now
        let samples = generator.samples(count: 200_000, seed: 1)
        #expect(samples.count == 200_000)
        #expect(ContinuousClock.now - start < .seconds(60))
    }
}
