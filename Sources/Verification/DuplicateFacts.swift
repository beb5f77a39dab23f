import Syntax

/// A fact stated twice says nothing new; the second copy is usually a merge or copy-paste slip.
enum DuplicateFacts {
    static let id = "duplicate-fact"

    static func findings(in program: Program) -> [Diagnostic] {
        struct Key: Hashable {
            var relation: RelationName
            var values: [Value]
        }
        var first: [Key: SourceLocation] = [:]
        var findings: [Diagnostic] = []
        for fact in program.facts {
            let key = Key(relation: fact.relation, values: fact.values)
            if let earlier = first[key] {
                let text = "\(fact.relation)(\(fact.values.map(\.description).joined(separator: ", ")))"
                findings.append(.warning(id, "duplicate fact \(text)", at: fact.location, notes: [Diagnostic.Note("first stated here", at: earlier)]))
            } else {
                first[key] = fact.location
            }
        }
        return findings
    }
}
