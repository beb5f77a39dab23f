import Syntax

/// A declared relation that nothing states, derives or reads is dead weight, and usually a misspelling of one that is.
enum UnusedRelations {
    static let id = "unused-relation"

    static func findings(in program: Program) -> [Diagnostic] {
        var mentioned = Set(program.facts.map(\.relation.name))
        mentioned.formUnion(program.rules.map(\.head.relation.name))
        mentioned.formUnion(program.readAtoms.map(\.relation.name))
        mentioned.formUnion(program.inputs.map(\.relation))
        mentioned.formUnion(program.outputs.map(\.relation))
        return program.relations.filter { !mentioned.contains($0.name) }.map { declaration in
            .warning(id, "relation '\(declaration.name)' is declared but never used: no fact states it, no rule derives it and no rule reads it",
                     at: declaration.location)
        }
    }
}
