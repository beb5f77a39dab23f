import Syntax

/// The question forms, each a rearrangement of a template's clause. Every form is realised from every template of
/// the relation that supports it, so both of an author's phrasings reach the network.
extension QuestionGrammar {
    /// Every sentence for the interpretation, without noise, in a fixed order; empty when no template of the
    /// relation can say it. Two templates can give the same sentence, which is then listed twice and so drawn
    /// twice as often, as it is the likelier way to say it.
    func phrasings(_ interpretation: Interpretation) -> [Phrasing] {
        // "Who is the mother of Iris not?": a denial with nothing after "not" is never English.
        allPhrasings(interpretation).filter { $0.pieces.last != .word("not") }
    }

    private func allPhrasings(_ interpretation: Interpretation) -> [Phrasing] {
        let clauses = interpretation.clauses
        if clauses.count == 2 {
            guard !interpretation.negated, [.which, .howMany, .exists].contains(interpretation.form) else { return [] }
            return conjunction(interpretation.form, clauses[0], clauses[1])
        }
        guard clauses.count == 1, let (relation, roles) = resolve(clauses[0]) else { return [] }
        let asked = relation.attributes.indices.filter { roles[relation.attributes[$0].name] == .asked }
        let compared = roles.values.contains { if case .compared = $0 { return true } else { return false } }
        let free = roles.values.contains(.free)
        let negated = interpretation.negated
        guard !(negated && compared) else { return [] }
        var result: [Phrasing] = []
        for (index, frame) in (frames[relation.name] ?? []).enumerated() {
            if let frame, !relation.attributes.allSatisfy({ frame.slots.contains($0.name) || roles[$0.name] == .free }) { continue }
            switch interpretation.form {
            case .statement:
                guard asked.isEmpty, !compared, !free else { return [] }
                result += statements(relation.phrases[index], frame, relation: relation, roles: roles, negated: negated)
            case .yesNo:
                guard asked.isEmpty, let frame else { continue }
                result += yesNo(frame, relation: relation, roles: roles, negated: negated)
            case .why, .whyNot:
                guard asked.isEmpty, !compared, !free, !negated, let frame else { continue }
                result += why(frame, relation: relation, roles: roles, not: interpretation.form == .whyNot)
            case .which, .howMany, .exists:
                guard asked.count == 1, let frame else { continue }
                let attribute = relation.attributes[asked[0]]
                guard interpretation.form == .which || !attribute.isNumeric else { continue }
                let person = isPerson(relation, asked[0])
                let context = Asked(relation: relation, index: asked[0], roles: roles, negated: negated, person: person,
                                    nouns: Self.nouns(nouns(relation, asked[0]), for: frame, person: person), isNumeric: attribute.isNumeric)
                switch interpretation.form {
                case .which: result += which(frame, context)
                case .howMany: result += howMany(frame, context)
                default: result += exists(frame, context)
                }
                result += classQuestions(frame, context, form: interpretation.form)
            }
        }
        return result
    }

    /// The relation a clause names and what it does with each argument; nil if the clause does not fit the schema.
    func resolve(_ clause: Interpretation.Clause) -> (RelationSchema, [String: Role])? {
        guard let relation = schema.relation(named: clause.relation), clause.arguments.count == relation.arity else { return nil }
        var roles: [String: Role] = [:]
        for (attribute, argument) in zip(relation.attributes, clause.arguments) {
            switch argument {
            case .value: roles[attribute.name] = .value
            case .asked: roles[attribute.name] = .asked
            case .free: roles[attribute.name] = .free
            case let .compared(op, _):
                guard attribute.isNumeric else { return nil }
                roles[attribute.name] = .compared(op)
            }
        }
        return (relation, roles)
    }

    /// What is known about the asked argument of a single-clause question.
    struct Asked {
        var relation: RelationSchema
        var index: Int
        var roles: [String: Role]
        var negated: Bool
        var person: Bool
        var nouns: [String]
        var isNumeric: Bool

        var name: String { relation.attributes[index].name }
        var polarities: [Polarity] { negated ? [.negative, .contracted] : [.positive] }
        /// "who" or "what".
        var pronoun: [Piece] { [.word(person ? "who" : "what")] }
    }

    // MARK: statements, yes-no and why

    private func statements(_ template: String, _ frame: TemplateFrame?, relation: RelationSchema, roles: [String: Role], negated: Bool) -> [Phrasing] {
        guard let frame else {
            guard !negated, let tokens = TemplateFrame.tokens(template), Set(tokens.compactMap(\.slot)) == Set(relation.attributes.map(\.name)),
                  let pieces = Self.apply([], to: tokens, roles: roles) else { return [] }
            return [Phrasing(pieces: pieces, terminal: ".", embedded: pieces)]
        }
        let polarities: [Polarity] = negated ? (frame.isNegatable ? [.negative, .contracted] : []) : [.positive]
        var result: [Phrasing] = []
        for subject in Self.subjects(frame, roles: roles) {
            for complement in complements(frame, roles: roles, fixed: [], pronounForFree: false, relation: relation) {
                for polarity in polarities {
                    let clause = Clause(subject: subject, isPlural: frame.verb.isPlural, verb: frame.verb, complement: complement)
                    if let sentence = Self.declarative(clause, polarity) {
                        result.append(Phrasing(pieces: sentence, terminal: ".", embedded: sentence))
                    }
                }
            }
        }
        return result
    }

    private func yesNo(_ frame: TemplateFrame, relation: RelationSchema, roles: [String: Role], negated: Bool) -> [Phrasing] {
        guard !negated || frame.isNegatable else { return [] }
        let polarity: Polarity = negated ? .negative : .positive
        var result: [Phrasing] = []
        for subject in Self.subjects(frame, roles: roles) {
            for complement in complements(frame, roles: roles, fixed: [], pronounForFree: false, relation: relation) {
                let clause = Clause(subject: subject, isPlural: frame.verb.isPlural, verb: frame.verb, complement: complement)
                guard let statement = Self.declarative(clause, polarity) else { continue }
                let embedded = [Piece.word("whether")] + statement
                if !frame.isNegative, let question = Self.interrogative(clause, polarity) {
                    result.append(Phrasing(pieces: question, terminal: "?", embedded: embedded))
                }
                result.append(Phrasing(pieces: Piece.words("is it true that") + statement, terminal: "?", embedded: embedded))
            }
        }
        return result
    }

    private func why(_ frame: TemplateFrame, relation: RelationSchema, roles: [String: Role], not: Bool) -> [Phrasing] {
        guard !not || frame.isNegatable else { return [] }
        let polarities: [Polarity] = not ? [.negative, .contracted] : [.positive]
        var result: [Phrasing] = []
        for subject in Self.subjects(frame, roles: roles) {
            for complement in complements(frame, roles: roles, fixed: [], pronounForFree: false, relation: relation) {
                let clause = Clause(subject: subject, isPlural: frame.verb.isPlural, verb: frame.verb, complement: complement)
                for polarity in polarities {
                    guard let statement = Self.declarative(clause, polarity) else { continue }
                    if let question = Self.interrogative(clause, polarity) {
                        result.append(Phrasing(pieces: [.word("why")] + question, terminal: "?", embedded: [.word("why")] + statement))
                    }
                    result.append(Phrasing(pieces: Piece.words("how come") + statement, terminal: "?", embedded: nil))
                }
            }
        }
        return result
    }

    // MARK: which

    private func which(_ frame: TemplateFrame, _ asked: Asked) -> [Phrasing] {
        guard !asked.negated || frame.isNegatable else { return [] }
        if asked.isNumeric { return numberQuestions(frame, asked) }
        switch frame.subject {
        case .slot(asked.name):
            var leads: [(lead: [Piece], plural: Bool)] = [(asked.pronoun, false)]
            for noun in asked.nouns {
                leads += [([.word("which")] + Piece.words(noun), false), ([.word("what")] + Piece.words(noun), false),
                          ([.word("which")] + Piece.words(Morphology.plural(noun)), true)]
            }
            var result = subjectQuestions(frame, asked, leads: leads)
            result += listings(frame, asked)
            result += relationalQuestions(frame, asked)
            return result
        case let .labelled(label, slot) where slot == asked.name:
            let noun = label.joined(separator: " ")
            return subjectQuestions(frame, asked, leads: [
                ([.word("which")] + Piece.words(noun), false), ([.word("what")] + Piece.words(noun), false),
                ([.word("which")] + Piece.words(Morphology.plural(noun)), true),
            ])
        case let .possessive(owner, head) where owner == asked.name:
            return subjectQuestions(frame, asked, leads: ownerLeads(asked, head: head, rest: []).map { ($0, false) })
        case let .ofPhrase(head, owner, rest) where owner == asked.name:
            guard let restPieces = Self.apply([], to: rest, roles: asked.roles) else { return [] }
            return subjectQuestions(frame, asked, leads: ownerLeads(asked, head: head, rest: restPieces).map { ($0, false) })
        case let .conjoined(a, b) where a == asked.name || b == asked.name:
            return symmetricQuestions(frame, asked, other: a == asked.name ? b : a, form: .which)
        default:
            return objectQuestions(frame, asked) + possessionQuestions(frame, asked, form: .which)
        }
    }

    /// For "{x} is a grandparent of {y}" asked for y with x left open: "Who has a grandparent?", "Who has no
    /// grandparent?", "How many people don't have a grandparent?".
    private func possessionQuestions(_ frame: TemplateFrame, _ asked: Asked, form: QuestionForm) -> [Phrasing] {
        guard let relational = frame.relationalNoun, !relational.definite, relational.owner == asked.name,
              case let .slot(holder) = frame.subject, asked.roles[holder] == .free, asked.roles.count == 2 else { return [] }
        let noun = Piece.words(relational.noun)
        let article = [Piece.word(Morphology.article(before: relational.noun))]
        let plural = Piece.words(Morphology.plural(relational.noun))
        var leads: [(lead: [Piece], plural: Bool)] = []
        switch form {
        case .which:
            leads = [(asked.pronoun, false)] + asked.nouns.map { ([.word("which")] + Piece.words(Morphology.plural($0)), true) }
        case .howMany:
            leads = asked.nouns.map { (Piece.words("how many") + Piece.words(Morphology.plural($0)), true) }
        default:
            return []
        }
        var result: [Phrasing] = []
        for (lead, isPlural) in leads {
            let has = isPlural ? "have" : "has"
            let predicates: [[Piece]] = asked.negated
                ? [[.word(has), .word("no")] + (isPlural ? plural : noun),
                   [.word(isPlural ? "don't" : "doesn't"), .word("have"), .word("any")] + plural,
                   [.word(isPlural ? "do" : "does"), .word("not"), .word("have")] + article + noun]
                : [[.word(has)] + article + noun, [.word(has)] + plural]
            for predicate in predicates {
                result.append(Phrasing(pieces: lead + predicate, terminal: "?", embedded: lead + predicate))
            }
        }
        return result
    }

    /// For "{person} is a minor": "Who are the minors?", "How many minors are there?", "Are there any minors?".
    private func classQuestions(_ frame: TemplateFrame, _ asked: Asked, form: QuestionForm) -> [Phrasing] {
        guard asked.relation.arity == 1, !asked.negated, frame.subject == .slot(asked.name), let noun = frame.classNoun else { return [] }
        let plural = Piece.words(Morphology.plural(noun))
        let sentences: [(pieces: [Piece], terminal: String)]
        switch form {
        case .which:
            sentences = [(asked.pronoun + [.word("are"), .word("the")] + plural, "?"), ([.word("list"), .word("the")] + plural, ".")]
        case .howMany:
            sentences = [(Piece.words("how many") + plural + Piece.words("are there"), "?"), (Piece.words("how many") + plural + Piece.words("do we have"), "?")]
        case .exists:
            sentences = [(Piece.words("are there any") + plural, "?")]
        default:
            return []
        }
        return sentences.map { Phrasing(pieces: $0.pieces, terminal: $0.terminal, embedded: nil) }
    }

    /// "whose badge", "which course's enrolment": the subject when its owner is asked for.
    private func ownerLeads(_ asked: Asked, head: [String], rest: [Piece]) -> [[Piece]] {
        // "Whose number of children is 3?" is English only on paper.
        guard !head.contains("of") else { return [] }
        if asked.person { return [[.word("whose")] + head.map(Piece.word) + rest] }
        return asked.nouns.map { noun in
            var words = Piece.words(noun)
            if case let .word(last)? = words.last { words[words.count - 1] = .word(Morphology.possessive(last)) }
            return [.word("which")] + words + head.map(Piece.word) + rest
        }
    }

    /// Questions whose subject is the asked argument: "Who teaches CS101?", "Which students are minors?".
    private func subjectQuestions(_ frame: TemplateFrame, _ asked: Asked, leads: [(lead: [Piece], plural: Bool)]) -> [Phrasing] {
        var result: [Phrasing] = []
        for (lead, plural) in leads {
            guard let agreeing = plural ? frame.pluralised() : frame else { continue }
            for complement in complements(agreeing, roles: asked.roles, fixed: [], pronounForFree: true, relation: asked.relation) {
                for polarity in asked.polarities {
                    let clause = Clause(subject: lead, isPlural: plural, verb: agreeing.verb, complement: complement)
                    if let question = Self.declarative(clause, polarity) {
                        result.append(Phrasing(pieces: question, terminal: "?", embedded: question))
                    }
                }
            }
        }
        return result
    }

    /// "List the students who are enrolled in CS101."
    private func listings(_ frame: TemplateFrame, _ asked: Asked) -> [Phrasing] {
        guard let plural = frame.pluralised() else { return [] }
        var result: [Phrasing] = []
        for noun in asked.nouns {
            for complement in complements(plural, roles: asked.roles, fixed: [], pronounForFree: true, relation: asked.relation) {
                for polarity in asked.polarities {
                    let clause = Clause(subject: [], isPlural: true, verb: plural.verb, complement: complement)
                    guard let predicate = Self.predicate(clause, polarity) else { continue }
                    let relative = asked.person ? "who" : "that"
                    result.append(Phrasing(pieces: [.word("list"), .word("the")] + Piece.words(Morphology.plural(noun)) + [.word(relative)] + predicate,
                                           terminal: ".", embedded: nil))
                }
            }
        }
        return result
    }

    /// Questions about an argument after the verb: "What does Turing teach?", "To whom may Warfarin be prescribed?".
    private func objectQuestions(_ frame: TemplateFrame, _ asked: Asked) -> [Phrasing] {
        guard let site = frame.site(of: asked.name) else { return [] }
        var leads: [[Piece]]
        var frontedObjects: [[Piece]] = []
        if frame.verb.kind == .be, site.preposition == nil {
            // "Who is Iris's mother?": the asked argument is the predicate itself, which names one thing and
            // reads badly denied ("Who is Iris's mother not?").
            guard !asked.negated else { return [] }
            leads = [asked.pronoun] + asked.nouns.flatMap { [[.word("which")] + Piece.words($0), [.word("what")] + Piece.words($0)] }
        } else if site.label.isEmpty {
            leads = [asked.pronoun]
            for noun in asked.nouns {
                leads += [[.word("which")] + Piece.words(noun), [.word("what")] + Piece.words(noun), [.word("which")] + Piece.words(Morphology.plural(noun))]
                frontedObjects += [[.word("which")] + Piece.words(noun), [.word("which")] + Piece.words(Morphology.plural(noun))]
            }
            if asked.person { frontedObjects.insert([.word("whom")], at: 0) }
        } else {
            let label = site.label.joined(separator: " ")
            leads = [[.word("which")] + Piece.words(label), [.word("what")] + Piece.words(label), [.word("which")] + Piece.words(Morphology.plural(label))]
            frontedObjects = [[.word("which")] + Piece.words(label), [.word("which")] + Piece.words(Morphology.plural(label))]
        }
        var result = movedQuestions(frame, asked, site: site, leads: leads, frontedObjects: frontedObjects)
        if let relational = frame.relationalNoun, relational.owner == asked.name, asked.person, !asked.negated,
           case let .slot(subject) = frame.subject, asked.roles[subject] == .value {
            let lead = [Piece.word("whose")] + Piece.words(relational.noun)
            result.append(Phrasing(pieces: lead + [.word(frame.verb.written), .value(subject)], terminal: "?",
                                   embedded: lead + [.value(subject), .word(frame.verb.written)]))
        }
        return result
    }

    /// A wh-phrase moved to the front from `site`, leaving its preposition behind ("Who is Juan a grandparent
    /// of?") or taking it along ("Of whom is Juan a grandparent?").
    private func movedQuestions(_ frame: TemplateFrame, _ asked: Asked, site: TemplateFrame.Site, leads: [[Piece]], frontedObjects: [[Piece]]) -> [Phrasing] {
        var result: [Phrasing] = []
        var moves: [(lead: [Piece], gap: Edit)] = leads.map { ($0, Edit(range: site.start...site.slot, pieces: [])) }
        if let preposition = site.preposition, let word = frame.complement[preposition].word, TemplateFrame.frontablePrepositions.contains(word) {
            moves += frontedObjects.map { ([.word(word)] + $0, Edit(range: preposition...site.slot, pieces: [])) }
        }
        for subject in Self.subjects(frame, roles: asked.roles) {
            for (lead, gap) in moves {
                for complement in complements(frame, roles: asked.roles, fixed: [gap], pronounForFree: true, relation: asked.relation) {
                    let clause = Clause(subject: subject, isPlural: frame.verb.isPlural, verb: frame.verb, complement: complement)
                    for polarity in asked.polarities {
                        guard let question = Self.interrogative(clause, polarity), let statement = Self.declarative(clause, polarity) else { continue }
                        result.append(Phrasing(pieces: lead + question, terminal: "?", embedded: lead + statement))
                    }
                }
            }
        }
        return result
    }

    /// "How old is Juan?", "What is the age of Juan?": a number asked for where the template states it plainly.
    private func numberQuestions(_ frame: TemplateFrame, _ asked: Asked) -> [Phrasing] {
        guard !asked.negated, let index = frame.complementIndex(of: asked.name) else { return [] }
        if frame.verb.kind == .be, index == 0, frame.complement.count == 3, frame.complement[1].word == "years", frame.complement[2].word == "old" {
            return Self.subjects(frame, roles: asked.roles).compactMap { subject in
                let clause = Clause(subject: subject, isPlural: frame.verb.isPlural, verb: frame.verb, complement: [])
                guard let question = Self.interrogative(clause, .positive), let statement = Self.declarative(clause, .positive) else { return nil }
                return Phrasing(pieces: Piece.words("how old") + question, terminal: "?", embedded: Piece.words("how old") + statement)
            }
        }
        guard let site = frame.site(of: asked.name), site.preposition == nil, site.label.isEmpty, site.start == site.slot else { return [] }
        if frame.verb.kind == .be {
            // "{parent} was {years} when {child} was born": "How old was Carlos when Lucia was born?"
            let name = asked.name.lowercased()
            let leads: [[Piece]] = name.contains("year") || name.contains("age") ? [[.word("what")], Piece.words("how old")] : [[.word("what")]]
            return movedQuestions(frame, asked, site: site, leads: leads, frontedObjects: [])
        }
        // "What grade did Alice get in CS101?"; not "{x} has {n} children", whose number counts a noun.
        if site.slot + 1 < frame.complement.count, frame.complement[site.slot + 1].word.map(TemplateFrame.isContentWord) == true { return [] }
        let noun = Morphology.words(of: asked.name)
        var leads: [[Piece]] = [[.word("what")]]
        if !noun.hasSuffix("s"), !noun.contains(" "), TemplateFrame.isContentWord(noun) { leads.append([.word("what"), .word(noun)]) }
        return movedQuestions(frame, asked, site: site, leads: leads, frontedObjects: [])
    }

    /// For "{x} is a grandparent of {y}" asked for x: "Who are Mateo's grandparents?", "Who are the grandparents
    /// of Mateo?", and for "the mother" also "Who is Iris's mother?".
    private func relationalQuestions(_ frame: TemplateFrame, _ asked: Asked) -> [Phrasing] {
        guard let relational = frame.relationalNoun, !asked.negated, asked.roles[relational.owner] == .value,
              asked.roles.values.allSatisfy({ $0 == .value || $0 == .asked }) else { return [] }
        let plural = Piece.words(Morphology.plural(relational.noun))
        let owner = relational.owner
        let verb = frame.verb.isPast ? "were" : "are"
        let sentences: [[Piece]] = relational.definite
            ? [asked.pronoun + [.word(frame.verb.written), .possessive(owner)] + Piece.words(relational.noun)]
            : [asked.pronoun + [.word(verb), .possessive(owner)] + plural, asked.pronoun + [.word(verb), .word("the")] + plural + [.word("of"), .value(owner)]]
        var result = sentences.map { Phrasing(pieces: $0, terminal: "?", embedded: $0) }
        if !relational.definite {
            result.append(Phrasing(pieces: [.word("list"), .word("the")] + plural + [.word("of"), .value(owner)], terminal: ".", embedded: nil))
        }
        return result
    }

    /// For "{x} and {y} are siblings": "Who is a sibling of Ana?", "Who are Ana's siblings?" and the counts.
    private func symmetricQuestions(_ frame: TemplateFrame, _ asked: Asked, other: String, form: QuestionForm) -> [Phrasing] {
        guard let noun = frame.symmetricNoun, asked.roles[other] == .value, asked.roles.count == 2 else { return [] }
        let singular = [Piece.word(Morphology.article(before: noun))] + Piece.words(noun)
        let plural = Piece.words(Morphology.plural(noun))
        var sentences: [(pieces: [Piece], embedded: [Piece]?)] = []
        switch form {
        case .which:
            for polarity in asked.polarities {
                let verb: [Piece] = switch polarity {
                case .positive: [.word("is")]
                case .negative: [.word("is"), .word("not")]
                case .contracted: [.word("isn't")]
                }
                let sentence = asked.pronoun + verb + singular + [.word("of"), .value(other)]
                sentences.append((sentence, sentence))
            }
            if !asked.negated {
                sentences.append((asked.pronoun + [.word("are"), .possessive(other)] + plural, asked.pronoun + [.word("are"), .possessive(other)] + plural))
                sentences.append((asked.pronoun + [.word("are"), .word("the")] + plural + [.word("of"), .value(other)], nil))
            }
        case .howMany where !asked.negated:
            let lead = Piece.words("how many") + plural
            sentences.append((lead + [.word("does"), .value(other), .word("have")], lead + [.value(other), .word("has")]))
        case .exists where !asked.negated:
            sentences.append(([.word("does"), .value(other), .word("have"), .word("any")] + plural, [.word("whether"), .value(other), .word("has"), .word("any")] + plural))
        default:
            break
        }
        return sentences.map { Phrasing(pieces: $0.pieces, terminal: "?", embedded: $0.embedded) }
    }

    // MARK: how many

    private func howMany(_ frame: TemplateFrame, _ asked: Asked) -> [Phrasing] {
        guard !asked.negated || frame.isNegatable else { return [] }
        let counted = asked.nouns.map { Piece.words("how many") + Piece.words(Morphology.plural($0)) }
        switch frame.subject {
        case .slot(asked.name):
            var result = subjectQuestions(frame, asked, leads: counted.map { ($0, true) })
            if let relational = frame.relationalNoun, !relational.definite, !asked.negated, asked.roles.values.allSatisfy({ $0 == .value || $0 == .asked }) {
                let lead = Piece.words("how many") + Piece.words(Morphology.plural(relational.noun))
                result.append(Phrasing(pieces: lead + [.word("does"), .value(relational.owner), .word("have")], terminal: "?",
                                       embedded: lead + [.value(relational.owner), .word("has")]))
                result.append(Phrasing(pieces: [.word("count"), .word("the")] + Piece.words(Morphology.plural(relational.noun))
                                           + [.word("of"), .value(relational.owner)], terminal: ".", embedded: nil))
            }
            return result
        case let .labelled(label, slot) where slot == asked.name:
            return subjectQuestions(frame, asked, leads: [(Piece.words("how many") + Piece.words(Morphology.plural(label.joined(separator: " "))), true)])
        case let .conjoined(a, b) where a == asked.name || b == asked.name:
            return symmetricQuestions(frame, asked, other: a == asked.name ? b : a, form: .howMany)
        case .possessive, .ofPhrase, .slot, .labelled, .conjoined:
            guard frame.subject.slots.allSatisfy({ $0 != asked.name }), let site = frame.site(of: asked.name),
                  !(frame.verb.kind == .be && site.preposition == nil) else { return [] }
            let nouns = site.label.isEmpty ? asked.nouns : [site.label.joined(separator: " ")]
            let leads = nouns.map { Piece.words("how many") + Piece.words(Morphology.plural($0)) }
            return movedQuestions(frame, asked, site: site, leads: leads, frontedObjects: leads) + possessionQuestions(frame, asked, form: .howMany)
        }
    }

    // MARK: exists

    private func exists(_ frame: TemplateFrame, _ asked: Asked) -> [Phrasing] {
        guard !asked.negated || frame.isNegatable else { return [] }
        let polarity: Polarity = asked.negated ? .negative : .positive
        let pronouns: [[Piece]] = asked.person ? [[.word("anyone")], [.word("anybody")], [.word("someone")]] : [[.word("anything")], [.word("something")]]
        let indefinite = asked.nouns.map { [.word(Morphology.article(before: $0))] + Piece.words($0) }
        let relative = relativePronouns(person: asked.person)
        var result: [Phrasing] = []
        func thereIs(_ heads: [[Piece]], _ predicates: [[Piece]], plural: Bool = false, relatives: [String]? = nil) {
            let lead = Piece.words(plural ? "are there" : "is there")
            let embeddedLead = Piece.words(plural ? "whether there are" : "whether there is")
            for head in heads {
                for predicate in predicates {
                    for pronoun in relatives ?? relative {
                        let clause = head + (pronoun.isEmpty ? [] : [.word(pronoun)]) + predicate
                        result.append(Phrasing(pieces: lead + clause, terminal: "?", embedded: embeddedLead + clause))
                    }
                }
            }
        }
        func predicates(_ frame: TemplateFrame, plural: Bool) -> [[Piece]] {
            complements(frame, roles: asked.roles, fixed: [], pronounForFree: false, relation: asked.relation).compactMap {
                Self.predicate(Clause(subject: [], isPlural: plural, verb: frame.verb, complement: $0), polarity)
            }
        }
        switch frame.subject {
        case .slot(asked.name):
            if !asked.negated {
                var subjects = pronouns.map { ($0, false) } + asked.nouns.map { ([.word("any")] + Piece.words($0), false) }
                subjects += asked.nouns.map { ([.word("any")] + Piece.words(Morphology.plural($0)), true) }
                for (subject, plural) in subjects {
                    guard let agreeing = plural ? frame.pluralised() : frame, !frame.isNegative else { continue }
                    for complement in complements(agreeing, roles: asked.roles, fixed: [], pronounForFree: false, relation: asked.relation) {
                        let clause = Clause(subject: subject, isPlural: plural, verb: agreeing.verb, complement: complement)
                        guard let question = Self.interrogative(clause, .positive), let statement = Self.declarative(clause, .positive) else { continue }
                        result.append(Phrasing(pieces: question, terminal: "?", embedded: [.word("whether")] + statement))
                    }
                }
            }
            thereIs(pronouns.prefix(1) + indefinite, predicates(frame, plural: false))
            if let plural = frame.pluralised() {
                thereIs(asked.nouns.map { [.word("any")] + Piece.words(Morphology.plural($0)) }, predicates(plural, plural: true), plural: true)
            }
            if let relational = frame.relationalNoun, !asked.negated, asked.roles.values.allSatisfy({ $0 == .value || $0 == .asked }) {
                let owner = Piece.value(relational.owner)
                let object = relational.definite
                    ? [.word(Morphology.article(before: relational.noun))] + Piece.words(relational.noun)
                    : [.word("any")] + Piece.words(Morphology.plural(relational.noun))
                result.append(Phrasing(pieces: [.word("does"), owner, .word("have")] + object, terminal: "?",
                                       embedded: [.word("whether"), owner, .word("has")] + object))
            }
        case let .labelled(label, slot) where slot == asked.name:
            let noun = label.joined(separator: " ")
            thereIs([[.word(Morphology.article(before: noun))] + Piece.words(noun)], predicates(frame, plural: false))
        case let .possessive(owner, head) where owner == asked.name && asked.person:
            thereIs([[.word("anyone"), .word("whose")] + head.map(Piece.word)], predicates(frame, plural: false), relatives: [""])
        case let .ofPhrase(head, owner, rest) where owner == asked.name && asked.person && rest.isEmpty && !head.contains("of"):
            thereIs([[.word("anyone"), .word("whose")] + head.map(Piece.word)], predicates(frame, plural: false), relatives: [""])
        case let .conjoined(a, b) where a == asked.name || b == asked.name:
            result += symmetricQuestions(frame, asked, other: a == asked.name ? b : a, form: .exists)
        case .possessive, .ofPhrase, .slot, .labelled, .conjoined:
            guard frame.subject.slots.allSatisfy({ $0 != asked.name }), let site = frame.site(of: asked.name),
                  !(frame.verb.kind == .be && site.preposition == nil) else { return [] }
            var objects: [[Piece]]
            if site.label.isEmpty {
                objects = asked.person ? [[.word("anyone")], [.word("anybody")]] : [[.word("anything")]]
                objects += asked.nouns.flatMap { [[.word("any")] + Piece.words($0), [.word("any")] + Piece.words(Morphology.plural($0))] }
            } else {
                let label = site.label.joined(separator: " ")
                objects = [[.word("any")] + Piece.words(label), [.word("any")] + Piece.words(Morphology.plural(label))]
            }
            let heads = site.label.isEmpty ? pronouns.prefix(1) + indefinite : [[.word(Morphology.article(before: site.label.joined(separator: " ")))] + site.label.map(Piece.word)]
            for subject in Self.subjects(frame, roles: asked.roles) {
                if !asked.negated, !frame.isNegative {
                    for object in objects {
                        for complement in complements(frame, roles: asked.roles, fixed: [Edit(range: site.start...site.slot, pieces: object)], pronounForFree: false, relation: asked.relation) {
                            let clause = Clause(subject: subject, isPlural: frame.verb.isPlural, verb: frame.verb, complement: complement)
                            guard let question = Self.interrogative(clause, .positive), let statement = Self.declarative(clause, .positive) else { continue }
                            result.append(Phrasing(pieces: question, terminal: "?", embedded: [.word("whether")] + statement))
                        }
                    }
                }
                let gapped = complements(frame, roles: asked.roles, fixed: [Edit(range: site.start...site.slot, pieces: [])], pronounForFree: false, relation: asked.relation)
                let clauses = gapped.compactMap { Self.declarative(Clause(subject: subject, isPlural: frame.verb.isPlural, verb: frame.verb, complement: $0), polarity) }
                thereIs(heads, clauses)
            }
        }
        return result
    }

    // MARK: conjunction

    /// "Who is a student and a teaching assistant?", "Which students are enrolled in CS101 and have completed
    /// CS102?": two clauses whose subjects are the shared asked argument.
    private func conjunction(_ form: QuestionForm, _ first: Interpretation.Clause, _ second: Interpretation.Clause) -> [Phrasing] {
        guard let (firstRelation, firstRoles) = resolve(first), let (secondRelation, secondRoles) = resolve(second),
              let firstAsked = firstRelation.attributes.firstIndex(where: { firstRoles[$0.name] == .asked }),
              let secondAsked = secondRelation.attributes.firstIndex(where: { secondRoles[$0.name] == .asked }),
              firstRoles.values.filter({ $0 == .asked }).count == 1, secondRoles.values.filter({ $0 == .asked }).count == 1,
              !firstRelation.attributes[firstAsked].isNumeric, !secondRelation.attributes[secondAsked].isNumeric else { return [] }
        let person = isPerson(firstRelation, firstAsked) || isPerson(secondRelation, secondAsked)
        let secondNouns = nouns(secondRelation, secondAsked)
        let candidates = nouns(firstRelation, firstAsked).filter(secondNouns.contains)
        func subjectFrames(_ relation: RelationSchema, _ index: Int, _ roles: [String: Role]) -> [TemplateFrame] {
            (frames[relation.name] ?? []).compactMap { $0 }.filter { frame in
                frame.subject == .slot(relation.attributes[index].name) && !frame.isNegative
                    && relation.attributes.allSatisfy { frame.slots.contains($0.name) || roles[$0.name] == .free }
            }
        }
        func predicates(_ frame: TemplateFrame, _ relation: RelationSchema, _ roles: [String: Role], plural: Bool) -> [[Piece]] {
            guard let agreeing = plural ? frame.pluralised() : frame else { return [] }
            return complements(agreeing, roles: roles, fixed: [], pronounForFree: false, relation: relation).compactMap {
                Self.predicate(Clause(subject: [], isPlural: plural, verb: agreeing.verb, complement: $0), .positive)
            }
        }
        var result: [Phrasing] = []
        for firstFrame in subjectFrames(firstRelation, firstAsked, firstRoles) {
            for secondFrame in subjectFrames(secondRelation, secondAsked, secondRoles) {
                let shared = Self.nouns(Self.nouns(candidates, for: firstFrame, person: person), for: secondFrame, person: person)
                let sharesAuxiliary = firstFrame.verb.kind == secondFrame.verb.kind && [.be, .modal, .perfect].contains(firstFrame.verb.kind)
                    && firstFrame.verb.written == secondFrame.verb.written
                for plural in [false, true] {
                    let firstPredicates = predicates(firstFrame, firstRelation, firstRoles, plural: plural)
                    let secondPredicates = predicates(secondFrame, secondRelation, secondRoles, plural: plural).map { Self.qualified($0, clause: 1) }
                    var joined: [[Piece]] = []
                    for a in firstPredicates {
                        for b in secondPredicates {
                            joined.append(a + [.word("and")] + b)
                            if sharesAuxiliary, b.count > 1 { joined.append(a + [.word("and")] + b.dropFirst()) }
                        }
                    }
                    var leads: [[Piece]] = []
                    switch (form, plural) {
                    case (.which, false): leads = [[.word(person ? "who" : "what")]] + shared.map { [.word("which")] + Piece.words($0) }
                    case (.which, true): leads = shared.map { [.word("which")] + Piece.words(Morphology.plural($0)) }
                    case (.howMany, true): leads = shared.map { Piece.words("how many") + Piece.words(Morphology.plural($0)) }
                    case (.exists, false):
                        let heads: [[Piece]] = [[.word(person ? "anyone" : "anything")]] + shared.map { [.word(Morphology.article(before: $0))] + Piece.words($0) }
                        for head in heads {
                            for predicate in joined {
                                let relative = Piece.word(person ? "who" : "that")
                                result.append(Phrasing(pieces: Piece.words("is there") + head + [relative] + predicate, terminal: "?",
                                                       embedded: Piece.words("whether there is") + head + [relative] + predicate))
                            }
                        }
                    default: break
                    }
                    for lead in leads {
                        for predicate in joined {
                            result.append(Phrasing(pieces: lead + predicate, terminal: "?", embedded: lead + predicate))
                        }
                    }
                    if form == .which, plural {
                        for noun in shared {
                            for predicate in joined {
                                result.append(Phrasing(pieces: [.word("list"), .word("the")] + Piece.words(Morphology.plural(noun)) + [.word(person ? "who" : "that")] + predicate,
                                                       terminal: ".", embedded: nil))
                            }
                        }
                    }
                }
            }
        }
        let heads = headNouns(firstRelation, firstAsked, firstRoles)
        for secondFrame in subjectFrames(secondRelation, secondAsked, secondRoles) where !heads.isEmpty {
            for predicate in predicates(secondFrame, secondRelation, secondRoles, plural: true).map({ Self.qualified($0, clause: 1) }) {
                for head in heads {
                    result += headed(form, head: head, person: person, predicate: predicate)
                }
            }
        }
        return result
    }

    /// Plural noun phrases that name the asked argument of a clause by what the clause says of it, so a second
    /// clause can be asked of them: "minors" for "{person} is a minor", "children of Carlos" for "{child} is a child
    /// of {parent}" with the parent given.
    private func headNouns(_ relation: RelationSchema, _ asked: Int, _ roles: [String: Role]) -> [[Piece]] {
        var heads: [[Piece]] = []
        for frame in (frames[relation.name] ?? []).compactMap({ $0 }) where frame.subject == .slot(relation.attributes[asked].name) && !frame.verb.isPast {
            if relation.arity == 1, let noun = frame.classNoun {
                heads.append(Piece.words(Morphology.plural(noun)))
            } else if relation.arity == 2, let relational = frame.relationalNoun, !relational.definite, roles[relational.owner] == .value {
                heads.append(Piece.words(Morphology.plural(relational.noun)) + [.word("of"), .value(relational.owner)])
            }
        }
        return heads
    }

    /// "Which minors are female?", "How many children of Carlos are male?", "List the minors who are female."
    private func headed(_ form: QuestionForm, head: [Piece], person: Bool, predicate: [Piece]) -> [Phrasing] {
        switch form {
        case .which:
            return [Phrasing(pieces: [.word("which")] + head + predicate, terminal: "?", embedded: [.word("which")] + head + predicate),
                    Phrasing(pieces: [.word("list"), .word("the")] + head + [.word(person ? "who" : "that")] + predicate, terminal: ".", embedded: nil)]
        case .howMany:
            let lead = Piece.words("how many") + head
            return [Phrasing(pieces: lead + predicate, terminal: "?", embedded: lead + predicate)]
        case .exists:
            let lead = Piece.words("are there any") + head + [.word(person ? "who" : "that")]
            return [Phrasing(pieces: lead + predicate, terminal: "?",
                             embedded: Piece.words("whether there are any") + head + [.word(person ? "who" : "that")] + predicate)]
        default:
            return []
        }
    }
}
