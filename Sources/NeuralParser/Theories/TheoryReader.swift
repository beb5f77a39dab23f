import Foundation
import Syntax

/// A theory told in English, read into rule-language text: the facts, rules and the statement to decide of a
/// ProofWriter-, PARARULE-Plus- or ProntoQA-style problem.
///
/// These theories are written in a small, regular English ("The cat does not chase the dog.", "If something is big
/// and not red then it is kind.", "All red, rough things are young.", "Every tumpus is a wumpus."), so they are read
/// by a grammar, exactly, rather than by the network: a sentence outside the grammar is reported with its position,
/// never guessed at. Properties become unary relations named by the adjective or class noun, verbs binary relations
/// named by their base form; "not" is classical negation (`-kind(X)`) in the open world and negation as failure
/// (`!kind(X)`) in the closed world, where a negated fact says nothing that is not already so.
public struct TheoryReader: Sendable {
    public let world: World

    public init(world: World) {
        self.world = world
    }

    /// One atom of a theory: `kind(X)`, `-chase("the cat", "the dog")`.
    public struct Atom: Hashable, Sendable {
        public enum Term: Hashable, Sendable {
            /// The one variable of a rule ("something", "someone", "it", "they").
            case variable
            case entity(String)
        }

        public var predicate: String
        public var terms: [Term]
        public var negated: Bool
    }

    public struct Rule: Hashable, Sendable {
        public var head: Atom
        public var body: [Atom]
    }

    /// A theory read: its facts and rules, and the relations it uses with the English each is read back in.
    public struct Theory: Sendable {
        public var facts: [Atom] = []
        public var rules: [Rule] = []
        /// Predicate name to its arity and the English template of its positive form.
        public var relations: [String: (arity: Int, phrase: String)] = [:]
        /// Everything the theory names, including in negated facts the closed world leaves out.
        public var things: Set<String> = []

        public init() {}

        mutating func name(_ atom: Atom) {
            for case let .entity(name) in atom.terms { things.insert(name) }
        }
    }

    /// The theory as a program of the rule language, with a declaration and English for every relation. In the
    /// closed world a rule whose variable occurs only under `!` ("If something is not round then it is fierce")
    /// ranges over everything the theory names, held in `theory_thing`.
    public func program(_ theory: Theory) -> String {
        ([".pragma \"world\" \"\(world.rawValue)\""] + declarations(theory.relations) + clauses(theory)).joined(separator: "\n") + "\n"
    }

    /// A `.decl` and a `.phrase` for each relation, except those already `declared`.
    public func declarations(_ relations: [String: (arity: Int, phrase: String)], except declared: Set<String> = []) -> [String] {
        relations.keys.sorted().filter { !declared.contains($0) }.flatMap { name -> [String] in
            let relation = relations[name]!
            return [".decl \(name)(\(relation.arity == 1 ? "x: symbol" : "x: symbol, y: symbol"))", ".phrase \(name) \"\(relation.phrase)\""]
        }
    }

    /// The theory's facts and rules, one clause a line, with the closed world's domain where a rule needs it.
    public func clauses(_ theory: Theory) -> [String] {
        var lines: [String] = []
        let needsDomain = world == .closed && theory.rules.contains { !Self.bindsVariable($0.body, world: world) && Self.usesVariable($0) }
        if needsDomain {
            lines.append(".decl \(Self.domain)(x: symbol)")
            lines.append(".phrase \(Self.domain) \"{x} is something the theory names\"")
            lines += theory.things.sorted().map { "\(Self.domain)(\(Self.quoted($0)))." }
        }
        lines += theory.facts.map { render($0) + "." }
        for rule in theory.rules {
            var body = rule.body.map(render)
            if needsDomain, Self.usesVariable(rule), !Self.bindsVariable(rule.body, world: world) { body.insert("\(Self.domain)(X)", at: 0) }
            lines.append(render(rule.head) + " :- " + body.joined(separator: ", ") + ".")
        }
        return lines
    }

    /// The query text for a statement's atom, always positive: a negated statement is decided by its atom's answer.
    public func query(_ atom: Atom) -> String {
        var positive = atom
        positive.negated = false
        return render(positive)
    }

    /// The atom as a literal of the rule language: `-red("Bob")` in the open world, `!red("Bob")` in the closed.
    public func literal(_ atom: Atom) -> String {
        render(atom)
    }

    static let domain = "theory_thing"

    private func render(_ atom: Atom) -> String {
        let arguments = atom.terms.map { term in
            switch term {
            case .variable: return "X"
            case let .entity(name): return Self.quoted(name)
            }
        }
        let prefix = atom.negated ? (world == .open ? "-" : "!") : ""
        return prefix + atom.predicate + "(" + arguments.joined(separator: ", ") + ")"
    }

    public static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static func usesVariable(_ rule: Rule) -> Bool {
        ([rule.head] + rule.body).contains { $0.terms.contains(.variable) }
    }

    /// Whether a body literal that is not negation as failure mentions the variable.
    static func bindsVariable(_ body: [Atom], world: World) -> Bool {
        body.contains { ($0.negated == false || world == .open) && $0.terms.contains(.variable) }
    }

    /// Reads every sentence of `context`; the first sentence outside the grammar is the error.
    public func read(context: String) throws(TheoryError) -> Theory {
        let sentences = Self.sentences(of: context)
        var entities = EntityCatalogue()
        for sentence in sentences { entities.learn(from: sentence.words) }
        var theory = Theory()
        for sentence in sentences {
            var parser = SentenceParser(words: sentence.words, entities: entities, world: world)
            do throws(SentenceParser.Failure) {
                switch try parser.statement() {
                case let .fact(atom):
                    theory.name(atom)
                    guard !atom.negated || world == .open else { continue }
                    theory.facts.append(atom)
                case let .rule(rule):
                    guard !rule.head.negated || world == .open else {
                        throw SentenceParser.Failure(reason: "in the closed world a rule cannot conclude that something is not so")
                    }
                    theory.rules.append(rule)
                    for atom in [rule.head] + rule.body { theory.name(atom) }
                }
                for (name, relation) in parser.relations { theory.relations[name] = relation }
            } catch let reason {
                throw TheoryError(sentence: sentence.text, index: sentence.index, offset: sentence.offset, reason: reason.reason)
            }
        }
        return theory
    }

    /// Reads the statement to decide ("The cat is not round.") as a ground atom, possibly negated, and declares its
    /// relation in `theory` when the theory never mentions it (the answer is then "unknown", or "false" when closed).
    public func read(statement: String, into theory: inout Theory) throws(TheoryError) -> Atom {
        let sentences = Self.sentences(of: statement)
        guard sentences.count == 1, let sentence = sentences.first else {
            throw TheoryError(sentence: statement, index: 0, offset: 0, reason: "expected one statement, found \(sentences.count) sentences")
        }
        var entities = EntityCatalogue()
        entities.learn(from: sentence.words)
        var parser = SentenceParser(words: sentence.words, entities: entities, world: world)
        do throws(SentenceParser.Failure) {
            guard case let .fact(atom) = try parser.statement() else {
                throw SentenceParser.Failure(reason: "a statement to decide must be a fact, not a rule")
            }
            for (name, relation) in parser.relations where theory.relations[name] == nil { theory.relations[name] = relation }
            theory.name(atom)
            return atom
        } catch let reason {
            throw TheoryError(sentence: sentence.text, index: 0, offset: 0, reason: reason.reason)
        }
    }

    struct Sentence {
        var text: String
        var index: Int
        /// Character offset of the sentence in the text it came from.
        var offset: Int
        var words: [String]
    }

    /// Splits on full stops (and "!" or "?") and into words; commas are kept as words of their own because "All
    /// big, red things" lists two properties.
    static func sentences(of text: String) -> [Sentence] {
        var result: [Sentence] = []
        var current = ""
        var start = 0
        for (offset, character) in text.enumerated() {
            if ".!?".contains(character) {
                let trimmed = current.trimmingCharacters(in: .whitespacesAndNewlines)
                if !trimmed.isEmpty { result.append(Sentence(text: trimmed + String(character), index: result.count, offset: start, words: words(of: trimmed))) }
                current = ""
                start = offset + 1
            } else {
                if current.isEmpty, character.isWhitespace { start = offset + 1; continue }
                current.append(character)
            }
        }
        let trimmed = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !trimmed.isEmpty { result.append(Sentence(text: trimmed, index: result.count, offset: start, words: words(of: trimmed))) }
        return result
    }

    static func words(of sentence: String) -> [String] {
        sentence.replacingOccurrences(of: ",", with: " , ").split(whereSeparator: \.isWhitespace).map(String.init)
    }
}

/// A sentence of a theory that is outside the grammar, with where it is.
public struct TheoryError: Error, Equatable, CustomStringConvertible {
    public var sentence: String
    /// 0-based position of the sentence in its text.
    public var index: Int
    /// Character offset of the sentence in its text.
    public var offset: Int
    public var reason: String

    public init(sentence: String, index: Int, offset: Int, reason: String) {
        self.sentence = sentence
        self.index = index
        self.offset = offset
        self.reason = reason
    }

    public var description: String {
        "sentence \(index + 1) (character \(offset + 1)), \"\(sentence)\": \(reason)"
    }
}

/// The things a theory talks about that are written with "the" ("the bald eagle"). Their extent is learnt where it
/// is plain: up to "is", "are", "does", "and", "then" or the end, or up to the verb before another "the" or a name.
struct EntityCatalogue {
    private(set) var known: Set<[String]> = []

    mutating func learn(from words: [String]) {
        let lower = words.map { $0.lowercased() }
        for (index, word) in lower.enumerated() where word == "the" {
            var end = index + 1
            while end < lower.count, !SentenceParser.boundaries.contains(lower[end]), lower[end] != "the", words[end].first?.isUppercase != true { end += 1 }
            var span = Array(lower[(index + 1)..<end])
            // "The bald eagle chases the lion": before another "the" or a name, the last word is the verb.
            if !span.isEmpty, end < lower.count, lower[end] == "the" || words[end].first?.isUppercase == true { span.removeLast() }
            if !span.isEmpty, span.count <= 3 { known.insert(span) }
        }
    }

    /// The longest known entity starting at `index`.
    func longest(in words: [String], at index: Int) -> Int? {
        var best: Int?
        for length in 1...3 where index + length <= words.count && known.contains(Array(words[index..<(index + length)])) {
            best = length
        }
        return best
    }
}

/// Reads one sentence by recursive descent over its lower-cased words.
struct SentenceParser {
    struct Failure: Error {
        var reason: String
    }

    enum Statement {
        case fact(TheoryReader.Atom)
        case rule(TheoryReader.Rule)
    }

    static let copulas: Set<String> = ["is", "are"]
    static let auxiliaries: Set<String> = ["does", "do"]
    static let boundaries: Set<String> = copulas.union(auxiliaries).union(["and", "then", ",", "not"])
    static let variables: Set<String> = ["someone", "something", "it", "they", "everyone", "everything"]
    /// Words that say a generic statement is about every member of a kind ("All red things are", "Rough people are").
    static let kindNouns: Set<String> = ["things", "people", "animals", "persons", "thing", "person", "animal", "someone", "something"]

    let words: [String]
    let original: [String]
    let entities: EntityCatalogue
    let world: World
    var position = 0
    private(set) var relations: [String: (arity: Int, phrase: String)] = [:]

    init(words: [String], entities: EntityCatalogue, world: World) {
        original = words
        self.words = words.map { $0.lowercased() }
        self.entities = entities
        self.world = world
    }

    mutating func statement() throws(Failure) -> Statement {
        guard !words.isEmpty else { throw Failure(reason: "the sentence is empty") }
        if words[0] == "if" {
            position = 1
            return .rule(try conditional())
        }
        if let rule = try generic() { return .rule(rule) }
        let subject = try self.subject()
        guard case .entity = subject else { throw Failure(reason: "a fact must be about a named thing, not \"\(words[0])\"") }
        let atoms = try predicates(of: subject)
        guard atoms.count == 1, position == words.count else {
            throw Failure(reason: position < words.count ? "unexpected \"\(original[position])\"" : "a fact states one thing")
        }
        return .fact(atoms[0])
    }

    // MARK: rules

    /// "if A and B then C": conditions, each with its own subject or continuing the last one's ("is big and not
    /// red"), then the conclusion.
    private mutating func conditional() throws(Failure) -> TheoryReader.Rule {
        var body: [TheoryReader.Atom] = []
        var subject: TheoryReader.Atom.Term?
        repeat {
            if let current = subject, !startsSubject() {
                body += try predicates(of: current)
            } else {
                let term = try self.subject()
                subject = term
                body += try predicates(of: term)
            }
        } while accept("and")
        try expect("then")
        let head = try predicates(of: try self.subject())
        guard head.count == 1 else { throw Failure(reason: "a rule concludes one thing") }
        guard position == words.count else { throw Failure(reason: "unexpected \"\(original[position])\" after the conclusion") }
        return TheoryReader.Rule(head: head[0], body: body)
    }

    /// "All big, red things are kind.", "Red, cold people are not round.", "Every tumpus is a wumpus.", "Each
    /// jompus is not sweet.", "Cats are mammals." (a plural class noun), "Big things are kind."
    private mutating func generic() throws(Failure) -> TheoryReader.Rule? {
        var index = 0
        if ["all", "every", "each"].contains(words[0]) { index = 1 }
        var conditions: [String] = []
        while index < words.count, !Self.copulas.contains(words[index]) {
            let word = words[index]
            if word == "," || word == "and" {
                index += 1
                continue
            }
            if Self.kindNouns.contains(word) {
                index += 1
                break
            }
            conditions.append(word)
            index += 1
        }
        guard index < words.count, Self.copulas.contains(words[index]), !conditions.isEmpty else { return nil }
        let quantified = ["all", "every", "each"].contains(words[0])
        let namesKind = words[..<index].contains { Self.kindNouns.contains($0) }
        // "Bob is big" is a fact; a generic sentence is quantified, names a kind, or has a plural class noun.
        if !quantified, !namesKind {
            guard conditions.count == 1, words[index] == "are", !entities.known.contains([conditions[0]]), words[0] != "the" else { return nil }
        }
        let plural = words[0] != "every" && words[0] != "each"
        var body: [TheoryReader.Atom] = []
        for (offset, word) in conditions.enumerated() {
            let isClassNoun = !namesKind && offset == conditions.count - 1
            let name = isClassNoun && plural ? Self.singular(word) : word
            body.append(unary(name, .variable, negated: false, classNoun: isClassNoun))
        }
        position = index
        let atoms = try predicates(of: .variable, pluralClass: plural)
        guard atoms.count == 1, position == words.count else { throw Failure(reason: "a general statement concludes one thing") }
        return TheoryReader.Rule(head: atoms[0], body: body)
    }

    // MARK: clauses

    private func startsSubject() -> Bool {
        guard position < words.count else { return false }
        let word = words[position]
        return word == "the" || Self.variables.contains(word) || original[position].first?.isUppercase == true
    }

    /// "the bald eagle", "Bob", "Harry Potter", or one of the rule's variable words.
    private mutating func subject() throws(Failure) -> TheoryReader.Atom.Term {
        guard position < words.count else { throw Failure(reason: "expected a subject at the end of the sentence") }
        let word = words[position]
        if Self.variables.contains(word) {
            position += 1
            return .variable
        }
        if word == "the" {
            guard position + 1 < words.count else { throw Failure(reason: "expected a name after \"the\"") }
            let length = entities.longest(in: words, at: position + 1) ?? 1
            let name = (["the"] + words[(position + 1)..<(position + 1 + length)]).joined(separator: " ")
            position += 1 + length
            return .entity(name)
        }
        guard original[position].first?.isUppercase == true, !Self.boundaries.contains(word) else {
            throw Failure(reason: "expected a name, \"the …\" or \"someone\"/\"something\", found \"\(original[position])\"")
        }
        var end = position + 1
        while end < words.count, original[end].first?.isUppercase == true { end += 1 }
        let name = original[position..<end].joined(separator: " ")
        position = end
        return .entity(name)
    }

    /// What is said of a subject: "is big", "is not red", "is a tumpus", "is big and red", "chases the dog",
    /// "does not chase the dog", "are kind" (a plural subject). Stops before "and" that starts a new subject.
    private mutating func predicates(of subject: TheoryReader.Atom.Term, pluralClass: Bool = false) throws(Failure) -> [TheoryReader.Atom] {
        guard position < words.count else { throw Failure(reason: "expected \"is\", \"are\" or a verb at the end of the sentence") }
        var atoms: [TheoryReader.Atom] = []
        if Self.copulas.contains(words[position]) {
            position += 1
            repeat {
                let negated = accept("not")
                let article = accept("a") || accept("an")
                guard position < words.count, !Self.boundaries.contains(words[position]) else {
                    throw Failure(reason: "expected a property after \"\(original[position - 1])\"")
                }
                let word = words[position]
                position += 1
                let classNoun = article || (pluralClass && !Self.isAdjectiveLike(word))
                let name = classNoun && !article ? Self.singular(word) : word
                atoms.append(unary(name, subject, negated: negated, classNoun: classNoun))
            } while continuesProperty()
            return atoms
        }
        let negated: Bool
        if Self.auxiliaries.contains(words[position]) {
            position += 1
            try expect("not")
            negated = true
        } else {
            negated = false
        }
        guard position < words.count, !Self.boundaries.contains(words[position]) else { throw Failure(reason: "expected a verb") }
        let verb = words[position]
        position += 1
        let base = negated ? verb : Self.base(of: verb)
        guard position < words.count else { throw Failure(reason: "expected an object after \"\(original[position - 1])\"") }
        return [binary(base, subject, try self.subject(), negated: negated)]
    }

    /// After one property, "and red" or ", red" continues the same subject; "and they are" does not.
    private mutating func continuesProperty() -> Bool {
        guard position < words.count else { return false }
        if words[position] == "," || words[position] == "and" {
            let next = position + 1
            guard next < words.count else { return false }
            let word = words[next]
            if Self.variables.contains(word) || word == "the" || original[next].first?.isUppercase == true || Self.copulas.contains(word) || word == "then" {
                return false
            }
            position = next
            return true
        }
        return false
    }

    /// Plural class nouns in "Cats are mammals." end in "s"; adjectives rarely do.
    static func isAdjectiveLike(_ word: String) -> Bool {
        !word.hasSuffix("s") || word.hasSuffix("ous") || word.hasSuffix("ss")
    }

    /// "cats" → "cat", and the "-uses" of invented class nouns ("tumpuses" → "tumpus").
    static func singular(_ noun: String) -> String {
        noun.hasSuffix("uses") ? String(noun.dropLast(2)) : Morphology.singular(noun)
    }

    /// "chases" → "chase", "sees" → "see", "eats" → "eat"; a plural subject's "see" is already the base.
    static func base(of verb: String) -> String {
        Morphology.base(ofThird: verb)
    }

    private mutating func unary(_ name: String, _ term: TheoryReader.Atom.Term, negated: Bool, classNoun: Bool) -> TheoryReader.Atom {
        let predicate = Self.predicateName(name)
        if relations[predicate] == nil {
            let article = Morphology.isVowel(name.first ?? "x") ? "an" : "a"
            relations[predicate] = (1, classNoun ? "{x} is \(article) \(name)" : "{x} is \(name)")
        }
        return TheoryReader.Atom(predicate: predicate, terms: [term], negated: negated)
    }

    private mutating func binary(_ base: String, _ subject: TheoryReader.Atom.Term, _ object: TheoryReader.Atom.Term,
                                 negated: Bool) -> TheoryReader.Atom {
        let predicate = Self.predicateName(base)
        if relations[predicate] == nil { relations[predicate] = (2, "{x} \(Morphology.regularThird(base)) {y}") }
        return TheoryReader.Atom(predicate: predicate, terms: [subject, object], negated: negated)
    }

    /// A word as a relation name of the rule language: letters, digits and `_` only.
    static func predicateName(_ word: String) -> String {
        let cleaned = String(word.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
        return cleaned.first?.isLetter == true ? cleaned : "p_" + cleaned
    }

    private mutating func accept(_ word: String) -> Bool {
        guard position < words.count, words[position] == word else { return false }
        position += 1
        return true
    }

    private mutating func expect(_ word: String) throws(Failure) {
        guard accept(word) else {
            throw Failure(reason: position < words.count ? "expected \"\(word)\", found \"\(original[position])\"" : "expected \"\(word)\" before the end")
        }
    }
}
