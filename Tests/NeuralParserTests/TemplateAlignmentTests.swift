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
            token.text == name.lowercased() ? .name(.symbol(name), typeNames: ["Person"], approximate: false) : .word(token.text)
        }
        let index = units.firstIndex { $0.value != nil }!
        let alignment = TemplateAlignment(relation: relation, templates: 2, stem: Tokenizer.stem)
        let words = TemplateAlignment.words(of: units, stem: Tokenizer.stem)
        return (0..<relation.arity).map { alignment.strength(ofUnitAt: index, in: words, slot: $0) }
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

    @Test func unrelatedWordsAlignWithNothing() {
        #expect(strengths("Juan lives far away", name: "Juan", sibling) == [.none, .none])
    }
}
