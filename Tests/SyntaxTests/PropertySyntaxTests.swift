import Foundation
import Testing
@testable import Syntax

@Suite struct PropertySyntaxTests {
    static let declarations = """
        .decl adult(p: symbol)
        .decl adults_only(d: symbol)
        .decl may_prescribe(d: symbol, p: symbol)

        """

    @Test func bothFormsOfAssertParseIntoProperties() throws {
        let loaded = ProgramLoader.parse(text: Self.declarations + """
            .assert no_minor_gets_adult_drug: may_prescribe(d, p), adults_only(d) => adult(p).
            .assert never nothing_for_adults: may_prescribe(_, p), adult(p).
            .assert never: adult(p) => adult(p).
            """, file: "p.dl")
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
        let properties = loaded.program.properties
        #expect(properties.map(\.name) == ["no_minor_gets_adult_drug", "nothing_for_adults", "never"], "'never' alone is a name")
        #expect(properties[0].head?.relation.name == "adult" && properties[0].body.count == 2 && properties[0].location.line == 4)
        #expect(properties[0].violation.count == 3 && properties[1].head == nil && properties[1].violation.count == 2)
        #expect(properties[0].sourceText == ".assert no_minor_gets_adult_drug: may_prescribe(d, p), adults_only(d) => adult(p).")
    }

    @Test func aMalformedPropertyIsALocatedError() {
        let missingHead = ProgramLoader.parse(text: Self.declarations + ".assert bad: adult(p).\n", file: "p.dl")
        #expect(missingHead.diagnostics.contains { $0.severity == .error && $0.location?.line == 4 && $0.message.contains("expected '=>'") })
        let alternatives = ProgramLoader.parse(text: Self.declarations + ".assert never bad: adult(p); adults_only(p).\n", file: "p.dl")
        #expect(alternatives.diagnostics.contains { $0.message.contains("cannot use ';'") })
        let unsafe = ProgramLoader.parse(text: Self.declarations + ".assert bad: adult(p) => may_prescribe(d, p).\n", file: "p.dl")
        #expect(unsafe.diagnostics.contains { $0.code == "unsafe-variable" && $0.message.contains("'d'") }, "\(unsafe.diagnostics)")
        let undeclared = ProgramLoader.parse(text: Self.declarations + ".assert never bad: minor(p).\n", file: "p.dl")
        #expect(undeclared.diagnostics.contains { $0.severity == .error && $0.message.contains("minor") })
    }

    @Test func aProgramWithoutItsFactsReadsBackTheSame() {
        let text = """
            .type Person <: symbol
            .type Name = Person | symbol
            .decl parent(p: Person, c: Person) closed
            .phrase parent "{p} is a parent of {c}" | "{c} has parent {p}"
            .decl ancestor(a: Person, d: Person)
            .pragma "world" "open"
            parent("ann", "bob").
            ancestor(a, d) :- parent(a, d).
            ancestor(a, d) :- parent(a, m), ancestor(m, d).
            :- ancestor(a, a).
            """
        let program = ProgramLoader.parse(text: text, file: "p.dl").program
        let reread = ProgramLoader.parse(text: program.textWithoutFacts(), file: "q.dl")
        #expect(reread.diagnostics.filter { $0.severity == .error }.isEmpty, "\(reread.diagnostics)")
        #expect(reread.program.facts.isEmpty && reread.program.types.map(\.definition) == program.types.map(\.definition))
        #expect(reread.program.rules.map(\.sourceText) == program.rules.map(\.sourceText))
        #expect(reread.program.constraints.map(\.sourceText) == program.constraints.map(\.sourceText))
        #expect(reread.program.relations.map { "\($0.name) \($0.arity) \($0.isClosed)" } == ["parent 2 true", "ancestor 2 false"])
        #expect(reread.program.phrases.first?.templates == ["{p} is a parent of {c}", "{c} has parent {p}"] && reread.program.world == .open)
    }

    @Test func aProgramSavedBeforePropertiesExistedStillDecodes() throws {
        let program = ProgramLoader.parse(text: Self.declarations + "adult(\"ann\").\n", file: "p.dl").program
        var saved = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(program)) as? [String: Any])
        #expect(saved["properties"] != nil)
        saved["properties"] = nil
        let decoded = try JSONDecoder().decode(Program.self, from: JSONSerialization.data(withJSONObject: saved))
        #expect(decoded.properties.isEmpty && decoded.facts == program.facts && decoded.relations == program.relations)
    }
}
