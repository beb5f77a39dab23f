import Testing
@testable import NeuralParser

/// The alignment features must point a name at the slot whose template words surround it, for the cases where
/// two slots share a type and only the words tell them apart.
@Suite struct TemplateAlignmentTests {
    private func person(_ name: String) -> RelationSchema.Attribute {
        .init(name: name, typeName: "Person", primitive: .symbol)
    }

    private func strengths(_ question: String, name: String, _ relation: RelationSchema) -> [TemplateAlignment.Strength] {
        let units = Tokenizer.tokenize(question).map { token -> LinkedQuestion.Unit in
            token.text == name.lowercased() && !TemplateAlignment.placeholders.contains(token.text)
                ? .name(.symbol(name), typeNames: ["Person"], approximate: false) : .word(token.text)
        }
        let index = units.firstIndex { $0.value != nil || $0 == .word(name) }!
        let alignment = TemplateAlignment(relation: relation, templates: 2, stem: Tokenizer.stem)
        let words = TemplateAlignment.words(of: units, stem: Tokenizer.stem)
        return alignment.strengths(ofUnitAt: index, in: words)
    }

    private var ancestor: RelationSchema {
        RelationSchema(name: "ancestor", attributes: [person("ancestor"), person("descendant")],
                       phrases: ["{ancestor} is an ancestor of {descendant}", "{descendant} descends from {ancestor}"])
    }

    private var grandparent: RelationSchema {
        RelationSchema(name: "grandparent", attributes: [person("grandparent"), person("grandchild")],
                       phrases: ["{grandparent} is a grandparent of {grandchild}", "{grandchild} is a grandchild of {grandparent}"])
    }

    private var sibling: RelationSchema {
        RelationSchema(name: "sibling", attributes: [person("person"), person("sibling")],
                       phrases: ["{sibling} is a sibling of {person}", "{person} and {sibling} are siblings"])
    }

    @Test func aVerbBeforeANameMatchesTheSlotItPrecedes() {
        #expect(strengths("Who descends from Juan?", name: "Juan", ancestor) == [.close, .none])
        #expect(strengths("Is Juan an ancestor of Mateo?", name: "Juan", ancestor) == [.close, .none])
    }

    @Test func twoWordsTellSlotsApartWhereOneWordCannot() {
        #expect(strengths("Who are the grandchildren of Ann?", name: "Ann", grandparent) == [.close, .near])
        #expect(strengths("Who is a grandparent of Ann?", name: "Ann", grandparent) == [.near, .close])
    }

    @Test func possessivesReadAsOf() {
        #expect(strengths("Who are Lucia's siblings?", name: "Lucia", sibling) == [.close, .none])
        #expect(strengths("How many siblings does Lucia have?", name: "Lucia", sibling) == [.close, .none])
    }

    @Test func whoseAsksWhatTheNameIsTheNounOf() {
        let parent = RelationSchema(name: "parent", attributes: [person("parent"), person("child")],
                                    phrases: ["{parent} is a parent of {child}", "{child} is a child of {parent}"])
        #expect(strengths("Whose parent is Carlos?", name: "Carlos", parent) == [.close, .none])
    }

    @Test func placeholdersAlignLikeNames() {
        #expect(strengths("Who descends from someone?", name: "someone", ancestor) == [.close, .none])
    }

    @Test func unrelatedWordsAlignWithNothing() {
        #expect(strengths("Juan lives far away", name: "Juan", sibling) == [.none, .none])
    }
}

@Suite struct SequenceFeatureTests {
    @Test func aQuestionWordThatNamesASlotIsMarkedWithThatSlot() {
        let grade = RelationSchema(name: "grade", attributes: [
            .init(name: "student", typeName: "Student", primitive: .symbol), .init(name: "course", typeName: "Course", primitive: .symbol),
            .init(name: "grade", typeName: "number", primitive: .number),
        ], phrases: ["{student} got {grade} in {course}"])
        let question = LinkedQuestion(units: [.word("what"), .word("grades"), .word("did"),
                                              .name(.symbol("Dev"), typeNames: ["Student"], approximate: false), .word("get")])
        let builder = SequenceBuilder(buckets: 64, maxPositions: 32, stem: Tokenizer.stem)
        let sequence = builder.sequence(for: question, candidate: grade)
        func rows(_ unit: Int) -> Set<Int> { Set(sequence.bags[sequence.questionPositions[unit]].map(\.row)) }
        let namesGrade = InputVocabulary.row(.namesSlot2, buckets: 64)
        #expect(rows(1).contains(namesGrade))
        #expect(!rows(0).contains(namesGrade) && !rows(4).contains(namesGrade))
        #expect(rows(3).contains(InputVocabulary.row(.fitsSlot0, buckets: 64)))
        #expect(rows(3).contains(InputVocabulary.row(.nearSlot0, buckets: 64)), "'did Dev get' lines up with '{student} got'")
        #expect(!rows(3).contains(InputVocabulary.row(.nearSlot1, buckets: 64)))
    }
}
