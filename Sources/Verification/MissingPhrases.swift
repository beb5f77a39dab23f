import Syntax

/// Answers and proof steps are read in English through each relation's `.phrase`; without one they fall back to the
/// bare atom, which the people who read Lemma's answers should not have to decode.
enum MissingPhrases {
    static let id = "missing-phrase"

    static func findings(in program: Program) -> [Diagnostic] {
        let phrased = Set(program.phrases.map(\.relation))
        return program.relations.filter { !phrased.contains($0.name) }.map { declaration in
            .warning(id, "relation '\(declaration.name)' has no .phrase, so answers and proofs that use it show the bare atom",
                     at: declaration.location)
        }
    }
}
