/// What one file says, before its `.include`s are followed.
struct ParsedFile {
    var program = Program()
    var includes: [(path: String, location: SourceLocation)] = []
    var diagnostics: [Diagnostic] = []
}

/// A recursive-descent parser for the rule language. It recovers at statement boundaries so one run reports every error.
struct Parser {
    private struct Failure: Error {}

    /// A body before disjunctions are distributed: Soufflé's `;` splits a clause into one rule per disjunct.
    private indirect enum BodyFormula {
        case literal(Literal)
        case conjunction([BodyFormula])
        case disjunction([BodyFormula])

        var disjuncts: [[Literal]] {
            switch self {
            case let .literal(literal):
                return [[literal]]
            case let .disjunction(parts):
                return parts.flatMap(\.disjuncts)
            case let .conjunction(parts):
                return parts.reduce([[]]) { partial, part in
                    partial.flatMap { prefix in part.disjuncts.map { prefix + $0 } }
                }
            }
        }
    }

    private let tokens: [Token]
    private let sourceBytes: [UInt8]
    private var position = 0
    /// How deeply terms and bodies nest right now; bounded so hostile input gets an error, not a stack overflow.
    private var depth = 0
    private static let maximumDepth = 256
    private var result = ParsedFile()

    init(text: String, file: String) {
        var lexer = Lexer(text: text, file: file)
        self.tokens = lexer.tokenize()
        self.sourceBytes = Array(text.utf8)
        self.result.diagnostics = lexer.diagnostics
    }

    static func parse(text: String, file: String) -> ParsedFile {
        var parser = Parser(text: text, file: file)
        return parser.parseFile()
    }

    mutating func parseFile() -> ParsedFile {
        while !isAtEnd {
            let start = position
            do {
                try parseStatement()
            } catch {
                recover()
            }
            if position == start { position += 1 }
        }
        return result
    }

    // MARK: Queries

    /// Parses a query: a conjunction of literals, or a single aggregate such as `count : { minor(p) }`.
    mutating func parseQueryBody() throws -> (literals: [Literal], aggregate: Aggregate?) {
        if case let .identifier(name) = current.kind, AggregateFunction(rawValue: name) != nil, isAggregateStart {
            let term = try parseTerm()
            guard case let .aggregate(aggregate) = term else { throw fail("expected an aggregate") }
            try expectEnd()
            return ([], aggregate)
        }
        let formula = try parseDisjunction()
        if case .punctuation(".") = current.kind { position += 1 }
        try expectEnd()
        let disjuncts = formula.disjuncts
        guard disjuncts.count == 1 else { throw fail("a query cannot use ';'; ask each alternative separately") }
        return (disjuncts[0], nil)
    }

    var collectedDiagnostics: [Diagnostic] { result.diagnostics }

    private mutating func expectEnd() throws {
        guard isAtEnd else { throw fail("unexpected \(current.kind) after the query") }
    }

    // MARK: Statements

    private mutating func parseStatement() throws {
        let token = current
        switch token.kind {
        case let .directive(name):
            position += 1
            try parseDirective(name, at: token.location)
        case .punctuation(":-"):
            position += 1
            let body = try parseDisjunction()
            let end = try expectPunctuation(".", "expected '.' at the end of the constraint")
            let text = sourceText(from: token, to: end)
            for conjunction in body.disjuncts {
                result.program.constraints.append(IntegrityConstraint(body: conjunction, location: token.location, sourceText: text))
            }
        default:
            try parseClause(startingAt: token)
        }
    }

    private mutating func parseClause(startingAt start: Token) throws {
        var heads = [try parseAtom()]
        while consumePunctuation(",") { heads.append(try parseAtom()) }
        if consumePunctuation(":-") {
            let body = try parseDisjunction()
            let end = try expectPunctuation(".", "expected '.' at the end of the rule")
            let text = sourceText(from: start, to: end)
            for head in heads {
                for conjunction in body.disjuncts {
                    result.program.rules.append(Rule(head: head, body: conjunction, location: start.location, sourceText: text))
                }
            }
            return
        }
        let end = try expectPunctuation(".", "expected '.' or ':-' after \(heads[0].relation)(...)")
        for head in heads {
            let values = head.arguments.compactMap { $0.value(under: [:]) }
            if values.count == head.arguments.count {
                result.program.facts.append(Fact(head.relation, values, location: head.location))
            } else {
                result.program.rules.append(Rule(head: head, body: [], location: start.location, sourceText: sourceText(from: start, to: end)))
            }
        }
    }

    private mutating func parseDirective(_ name: String, at location: SourceLocation) throws {
        switch name {
        case "decl":
            try parseDeclaration(at: location)
        case "type":
            try parseTypeDeclaration(at: location)
        case "input", "output", "printsize":
            try parseIODirective(name, at: location)
        case "include":
            guard case let .string(path) = current.kind else { throw fail("expected a quoted file name after '.include'") }
            position += 1
            result.includes.append((path, location))
        case "pragma":
            guard case let .string(key) = current.kind else { throw fail("expected a quoted key after '.pragma'") }
            position += 1
            var value: String?
            if case let .string(text) = current.kind {
                value = text
                position += 1
            }
            result.program.pragmas.append(Pragma(key: key, value: value, location: location))
        case "phrase":
            try parsePhrase(at: location)
        case "assert":
            try parseProperty(at: location)
        default:
            throw fail("unsupported directive '.\(name)'; expected one of .decl, .type, .input, .output, .include, .pragma, .phrase, .assert", at: location)
        }
    }

    private mutating func parseDeclaration(at location: SourceLocation) throws {
        var names = [try expectIdentifier("expected a relation name after '.decl'")]
        while consumePunctuation(",") { names.append(try expectIdentifier("expected a relation name")) }
        try expectPunctuation("(", "expected '(' after the relation name")
        var attributes: [Attribute] = []
        if !consumePunctuation(")") {
            repeat {
                let attribute = try expectIdentifier("expected an attribute name")
                try expectPunctuation(":", "expected ':' and a type after attribute '\(attribute)'")
                let type = try expectIdentifier("expected a type name for attribute '\(attribute)'")
                attributes.append(Attribute(name: attribute, typeName: type))
            } while consumePunctuation(",")
            try expectPunctuation(")", "expected ',' or ')' in the attribute list")
        }
        var isClosed = false
        var choiceDomains: [[String]]?
        // A qualifier is a bare word after the attribute list; a following rule head always has a '('.
        while case let .identifier(qualifier) = current.kind, peekKind(1) != .punctuation("(") || (qualifier == "choice" && peekKind(1) == .punctuation("-")) {
            switch qualifier {
            case "closed":
                isClosed = true
            case "choice":
                choiceDomains = (choiceDomains ?? []) + (try parseChoiceDomain())
                continue
            case "btree", "brie", "inline", "no_inline", "magic", "no_magic", "overridable", "btree_delete":
                result.diagnostics.append(.warning("ignored-qualifier", "qualifier '\(qualifier)' has no effect in Lemma", at: current.location))
            default:
                throw fail("unsupported relation qualifier '\(qualifier)'; expected 'closed' or 'choice-domain'")
            }
            position += 1
        }
        for name in names {
            result.program.relations.append(RelationDeclaration(name: name, attributes: attributes, isClosed: isClosed, choiceDomains: choiceDomains, location: location))
        }
    }

    /// `choice-domain a, (b, c)`: keys of single attributes or parenthesised lists, separated by commas.
    private mutating func parseChoiceDomain() throws -> [[String]] {
        position += 1
        guard consumePunctuation("-"), case .identifier("domain") = current.kind else { throw fail("expected 'choice-domain'") }
        position += 1
        var keys: [[String]] = []
        repeat {
            if consumePunctuation("(") {
                var key = [try expectIdentifier("expected an attribute name in the choice-domain key")]
                while consumePunctuation(",") { key.append(try expectIdentifier("expected an attribute name in the choice-domain key")) }
                try expectPunctuation(")", "expected ',' or ')' in the choice-domain key")
                keys.append(key)
            } else {
                keys.append([try expectIdentifier("expected an attribute name or '(' after 'choice-domain'")])
            }
        } while consumePunctuation(",")
        return keys
    }

    private mutating func parseTypeDeclaration(at location: SourceLocation) throws {
        let name = try expectIdentifier("expected a type name after '.type'")
        if consumePunctuation("<:") {
            let base = try expectIdentifier("expected a base type after '<:'")
            result.program.types.append(TypeDeclaration(name: name, definition: .subtype(of: base), location: location))
        } else if consumePunctuation("=") {
            if case .punctuation("[") = current.kind { throw fail("record types are not supported") }
            var alternatives = [try expectIdentifier("expected a type after '='")]
            while consumePunctuation("|") { alternatives.append(try expectIdentifier("expected a type after '|'")) }
            result.program.types.append(TypeDeclaration(name: name, definition: .alias(of: alternatives), location: location))
        } else {
            throw fail("expected '<:' or '=' after the type name '\(name)'")
        }
    }

    private mutating func parseIODirective(_ kind: String, at location: SourceLocation) throws {
        repeat {
            let relation = try expectIdentifier("expected a relation name after '.\(kind)'")
            var options: [String: String] = [:]
            if consumePunctuation("(") {
                while !consumePunctuation(")") {
                    let key = try expectIdentifier("expected an option name such as filename or delimiter")
                    try expectPunctuation("=", "expected '=' after option '\(key)'")
                    switch current.kind {
                    case let .string(text), let .identifier(text): options[key] = text
                    case let .integer(n): options[key] = String(n)
                    default: throw fail("expected a value for option '\(key)'")
                    }
                    position += 1
                    if !consumePunctuation(",") {
                        try expectPunctuation(")", "expected ',' or ')' in the option list")
                        break
                    }
                }
            }
            switch kind {
            case "input": result.program.inputs.append(InputDirective(relation: relation, options: options, location: location))
            case "output": result.program.outputs.append(OutputDirective(relation: relation, options: options, location: location))
            default: break
            }
        } while consumePunctuation(",")
    }

    /// `.assert name: body => head.` or `.assert never name: body.`
    private mutating func parseProperty(at location: SourceLocation) throws {
        let start = tokens[position - 1]
        var name = try expectIdentifier("expected a property name after '.assert', or 'never' and a name")
        let isNever = name == "never" && !isPunctuation(":")
        if isNever { name = try expectIdentifier("expected a property name after '.assert never'") }
        try expectPunctuation(":", "expected ':' after the property name '\(name)'")
        let body = try parseDisjunction()
        guard body.disjuncts.count == 1 else { throw fail("a property cannot use ';'; write one .assert for each alternative", at: location) }
        var head: Atom?
        if !isNever {
            try expectPunctuation("=>", "expected '=>' and the atom that must hold, e.g. '.assert \(name): p(x) => q(x).' (or '.assert never \(name): ...')")
            head = try parseAtom()
        }
        let end = try expectPunctuation(".", "expected '.' at the end of the property")
        result.program.properties.append(Property(name: name, body: body.disjuncts[0], head: head, location: location, sourceText: sourceText(from: start, to: end)))
    }

    private func isPunctuation(_ symbol: String) -> Bool {
        if case .punctuation(symbol) = current.kind { return true }
        return false
    }

    private mutating func parsePhrase(at location: SourceLocation) throws {
        let relation = try expectIdentifier("expected a relation name after '.phrase'")
        var templates: [String] = []
        repeat {
            guard case let .string(template) = current.kind else { throw fail("expected a quoted template such as \"{x} is ...\"") }
            templates.append(template)
            position += 1
        } while consumePunctuation("|")
        result.program.phrases.append(PhraseDeclaration(relation: relation, templates: templates, location: location))
    }

    // MARK: Bodies and literals

    private mutating func parseDisjunction() throws -> BodyFormula {
        try enterNesting()
        defer { depth -= 1 }
        var parts = [try parseConjunction()]
        while consumePunctuation(";") { parts.append(try parseConjunction()) }
        return parts.count == 1 ? parts[0] : .disjunction(parts)
    }

    private mutating func parseConjunction() throws -> BodyFormula {
        var parts = [try parseBodyUnit()]
        while consumePunctuation(",") { parts.append(try parseBodyUnit()) }
        return parts.count == 1 ? parts[0] : .conjunction(parts)
    }

    private mutating func parseBodyUnit() throws -> BodyFormula {
        if case .punctuation("(") = current.kind {
            // A parenthesis opens either a nested disjunction or an arithmetic term; try the first, fall back to the second.
            let saved = (position, result.diagnostics)
            position += 1
            if let inner = try? parseDisjunction(), consumePunctuation(")"), isBodyContinuation {
                return inner
            }
            (position, result.diagnostics) = saved
        }
        return .literal(try parseLiteral())
    }

    private var isBodyContinuation: Bool {
        switch current.kind {
        case .punctuation(","), .punctuation(";"), .punctuation(")"), .punctuation("."), .punctuation("}"), .endOfFile: return true
        default: return false
        }
    }

    private mutating func parseLiteral() throws -> Literal {
        if consumePunctuation("!") {
            return .negative(try parseAtom())
        }
        if isAtomStart {
            return .positive(try parseAtom())
        }
        let start = current.location
        let lhs = try parseTerm()
        guard case let .punctuation(symbol) = current.kind, let op = ComparisonOperator(rawValue: symbol) else {
            throw fail("expected an atom such as p(x), a negation !p(x), or a comparison such as x < 3", at: start)
        }
        position += 1
        let rhs = try parseTerm()
        return .comparison(Comparison(op, lhs, rhs, location: start))
    }

    private var isAtomStart: Bool {
        switch current.kind {
        case let .identifier(name):
            if AggregateFunction(rawValue: name) != nil, isAggregateStart { return false }
            return peekKind(1) == .punctuation("(")
        case .punctuation("-"):
            if case .identifier = peekKind(1), peekKind(2) == .punctuation("(") { return true }
            return false
        default:
            return false
        }
    }

    private mutating func parseAtom() throws -> Atom {
        let location = current.location
        let negated = consumePunctuation("-")
        let name = try expectIdentifier("expected a relation name")
        try expectPunctuation("(", "expected '(' after relation name '\(name)'")
        var arguments: [Term] = []
        if !consumePunctuation(")") {
            repeat { arguments.append(try parseTerm()) } while consumePunctuation(",")
            try expectPunctuation(")", "expected ',' or ')' in the arguments of '\(name)'")
        }
        return Atom(RelationName(name, classicallyNegated: negated), arguments, location: location)
    }

    // MARK: Terms

    mutating func parseTerm() throws -> Term {
        try enterNesting()
        defer { depth -= 1 }
        var term = try parseProduct()
        while case let .punctuation(symbol) = current.kind, symbol == "+" || symbol == "-" {
            position += 1
            term = .arithmetic(ArithmeticOperator(rawValue: symbol)!, term, try parseProduct())
        }
        return term
    }

    private mutating func parseProduct() throws -> Term {
        var term = try parseUnary()
        while case let .punctuation(symbol) = current.kind, symbol == "*" || symbol == "/" || symbol == "%" {
            position += 1
            term = .arithmetic(ArithmeticOperator(rawValue: symbol)!, term, try parseUnary())
        }
        return term
    }

    private mutating func enterNesting() throws {
        depth += 1
        if depth > Self.maximumDepth {
            depth -= 1
            throw fail("expression nested more than \(Self.maximumDepth) levels deep")
        }
    }

    private mutating func parseUnary() throws -> Term {
        if consumePunctuation("-") {
            try enterNesting()
            defer { depth -= 1 }
            switch try parseUnary() {
            case let .constant(.number(n)): return .constant(.number(-n))
            case let .constant(.float(x)): return .constant(.float(-x))
            case let operand: return .minus(operand)
            }
        }
        return try parsePrimary()
    }

    private var isAggregateStart: Bool {
        guard case let .identifier(name) = current.kind, let function = AggregateFunction(rawValue: name) else { return false }
        if peekKind(1) == .punctuation(":") { return true }
        guard function != .count else { return false }
        switch peekKind(1) {
        case .identifier, .integer, .float, .punctuation("-"): return true
        case .punctuation("("):
            // `sum (y + 1) : { ... }` is an aggregate; `min(a, b)` would be a functor. The ':' after ')' decides.
            var depth = 0
            var offset = 1
            while true {
                switch peekKind(offset) {
                case .punctuation("("): depth += 1
                case .punctuation(")"):
                    depth -= 1
                    if depth == 0 { return peekKind(offset + 1) == .punctuation(":") }
                case .endOfFile: return false
                default: break
                }
                offset += 1
            }
        default: return false
        }
    }

    private mutating func parsePrimary() throws -> Term {
        let token = current
        switch token.kind {
        case let .integer(value):
            position += 1
            return .constant(.number(value))
        case let .float(value):
            position += 1
            return .constant(.float(value))
        case let .string(text):
            position += 1
            return .constant(.symbol(text))
        case .punctuation("_"):
            position += 1
            return .wildcard
        case .punctuation("("):
            position += 1
            let inner = try parseTerm()
            try expectPunctuation(")", "expected ')' to close the parenthesised term")
            return inner
        case let .identifier(name):
            if isAggregateStart { return .aggregate(try parseAggregate()) }
            if peekKind(1) == .punctuation("(") {
                throw fail("functor '\(name)(...)' is not supported; expected a variable, a constant or an aggregate")
            }
            position += 1
            return .variable(name)
        default:
            throw fail("expected a term (a variable, a quoted symbol, a number, '_' or an aggregate) but found \(token.kind)")
        }
    }

    private mutating func parseAggregate() throws -> Aggregate {
        let location = current.location
        guard case let .identifier(name) = current.kind, let function = AggregateFunction(rawValue: name) else {
            throw fail("expected count, sum, min or max")
        }
        position += 1
        var target: Term?
        if function != .count {
            target = try parseTerm()
        }
        try expectPunctuation(":", "expected ':' after '\(name)'")
        var body: [Literal]
        if consumePunctuation("{") {
            let formula = try parseDisjunction()
            try expectPunctuation("}", "expected '}' to close the aggregate body")
            let disjuncts = formula.disjuncts
            guard disjuncts.count == 1 else { throw fail("';' inside an aggregate body is not supported", at: location) }
            body = disjuncts[0]
        } else {
            body = [.positive(try parseAtom())]
        }
        return Aggregate(function: function, target: target, body: body, location: location)
    }

    // MARK: Token helpers

    private var current: Token { tokens[min(position, tokens.count - 1)] }
    private var isAtEnd: Bool { current.kind == .endOfFile }

    private func peekKind(_ offset: Int) -> Token.Kind {
        tokens[min(position + offset, tokens.count - 1)].kind
    }

    private mutating func consumePunctuation(_ symbol: String) -> Bool {
        guard current.kind == .punctuation(symbol) else { return false }
        position += 1
        return true
    }

    @discardableResult
    private mutating func expectPunctuation(_ symbol: String, _ message: String) throws -> Token {
        let token = current
        guard consumePunctuation(symbol) else { throw fail("\(message), found \(token.kind)") }
        return token
    }

    private mutating func expectIdentifier(_ message: String) throws -> String {
        guard case let .identifier(name) = current.kind else { throw fail("\(message), found \(current.kind)") }
        position += 1
        return name
    }

    private mutating func fail(_ message: String, at location: SourceLocation? = nil) -> Failure {
        result.diagnostics.append(.error("syntax-error", message, at: location ?? current.location))
        return Failure()
    }

    /// Skips to the end of the broken statement so that the next one is parsed on its own.
    private mutating func recover() {
        while !isAtEnd {
            switch current.kind {
            case .punctuation("."):
                position += 1
                return
            case .directive:
                return
            default:
                position += 1
            }
        }
    }

    private func sourceText(from start: Token, to end: Token) -> String {
        String(decoding: sourceBytes[start.offset..<end.endOffset], as: UTF8.self)
    }
}
