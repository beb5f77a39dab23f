extension Program {
    /// The program as rule-language text without its facts, inputs and outputs: types, declarations, phrases,
    /// pragmas, rules and constraints, each as written. A checker adds facts of its own to it, such as a
    /// counterexample, and runs the result through the same pipeline as a user's file.
    public func textWithoutFacts() -> String {
        var lines: [String] = []
        for type in types {
            switch type.definition {
            case let .subtype(base): lines.append(".type \(type.name) <: \(base)")
            case let .alias(alternatives): lines.append(".type \(type.name) = \(alternatives.joined(separator: " | "))")
            }
        }
        for relation in relations {
            let attributes = relation.attributes.map { "\($0.name): \($0.typeName)" }.joined(separator: ", ")
            let keys = (relation.choiceDomains ?? []).map { $0.count == 1 ? $0[0] : "(" + $0.joined(separator: ", ") + ")" }
            lines.append(".decl \(relation.name)(\(attributes))" + (relation.isClosed ? " closed" : "") + (keys.isEmpty ? "" : " choice-domain " + keys.joined(separator: ", ")))
        }
        for phrase in phrases {
            lines.append(".phrase \(phrase.relation) " + phrase.templates.map(Value.quoted).joined(separator: " | "))
        }
        for pragma in pragmas {
            lines.append(".pragma \(Value.quoted(pragma.key))" + (pragma.value.map { " " + Value.quoted($0) } ?? ""))
        }
        var written = Set<String>()
        for text in rules.map(\.sourceText) + constraints.map(\.sourceText) where written.insert(text).inserted {
            lines.append(text)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
