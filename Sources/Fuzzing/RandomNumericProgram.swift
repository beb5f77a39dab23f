import NeuralParser

/// Random valid stratified programs over numbers, written once in Lemma's dialect and once for clingo: arithmetic in
/// heads and in body arguments, equalities that bind, comparisons, negation with constants and wildcards, and
/// `count`/`sum`/`min`/`max` over bodies of two atoms. The differential test compares Lemma with clingo on them, and
/// the evaluator fuzz target runs them (from the seed its input bytes spell) through both kinds of evaluation.
public struct RandomNumericProgram: Sendable {
    public static let relations: [(name: String, arity: Int)] = [("e", 2), ("f", 1), ("r0", 2), ("r1", 1), ("r2", 2), ("r3", 1)]
    public static let firstDerived = 2

    /// The program in Lemma's (Soufflé's) dialect and in clingo's.
    public let text: String
    public let answerSetProgram: String

    /// One literal, rendered for both systems.
    private struct Piece {
        var lemma: String
        var clingo: String
    }

    public init(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        var lemma = Self.relations.map { ".decl \($0.name)(\((0..<$0.arity).map { "c\($0): number" }.joined(separator: ", ")))" }
        var clingo: [String] = []
        for a in 0...3 {
            if Bool.random(using: &random) {
                lemma.append("f(\(a)).")
                clingo.append("f(\(a)).")
            }
            for b in 0...3 where Int.random(in: 0..<4, using: &random) == 0 {
                lemma.append("e(\(a), \(b)).")
                clingo.append("e(\(a),\(b)).")
            }
        }
        for stratum in Self.firstDerived..<Self.relations.count {
            for _ in 0..<Int.random(in: 1...2, using: &random) {
                let rule = Self.rule(for: stratum, using: &random)
                lemma.append(rule.lemma)
                clingo.append(rule.clingo)
            }
        }
        text = lemma.joined(separator: "\n")
        answerSetProgram = clingo.joined(separator: "\n")
    }

    private static func variable(_ name: String) -> Piece { Piece(lemma: name, clingo: name.uppercased()) }

    private static func rule(for stratum: Int, using random: inout SeededRandom) -> Piece {
        var bound: [String] = []
        var body: [Piece] = []
        func term(_ name: String) -> Piece { variable(name) }
        // A first positive atom binds plain variables; a second may hold an expression over them.
        let first = relations[Int.random(in: 0...stratum, using: &random)]
        let firstArguments = (0..<first.arity).map { _ in ["x", "y"].randomElement(using: &random)! }
        bound += firstArguments
        body.append(atom(first.name, firstArguments.map(term)))
        if Bool.random(using: &random) {
            let second = relations[Int.random(in: 0...stratum, using: &random)]
            let arguments: [Piece] = (0..<second.arity).map { _ in
                switch Int.random(in: 0..<4, using: &random) {
                case 0:
                    let v = bound.randomElement(using: &random)!
                    return Piece(lemma: "\(v)+1", clingo: "\(v.uppercased())+1")
                case 1:
                    let constant = String(Int.random(in: 0...3, using: &random))
                    return Piece(lemma: constant, clingo: constant)
                default:
                    return term(["x", "y", "z"].randomElement(using: &random)!)
                }
            }
            body.append(atom(second.name, arguments))
            for argument in arguments where ["x", "y", "z"].contains(argument.lemma) { bound.append(argument.lemma) }
        }
        if Int.random(in: 0..<3, using: &random) == 0, let v = bound.randomElement(using: &random) {
            // A value made by a rule stays below a bound, or recursion through it would never end.
            body.append(Piece(lemma: "w = \(v) + 1, w < 4", clingo: "W = \(v.uppercased())+1, W < 4"))
            bound.append("w")
        }
        if stratum > firstDerived, Bool.random(using: &random) {
            let negated = relations[Int.random(in: 0..<stratum, using: &random)]
            let arguments: [Piece] = (0..<negated.arity).map { _ in
                switch Int.random(in: 0..<3, using: &random) {
                case 0: return Piece(lemma: "_", clingo: "_")
                case 1: let c = String(Int.random(in: 0...3, using: &random)); return Piece(lemma: c, clingo: c)
                default: return term(bound.randomElement(using: &random)!)
                }
            }
            let positive = atom(negated.name, arguments)
            body.append(Piece(lemma: "!" + positive.lemma, clingo: "not " + positive.clingo))
        }
        if stratum > firstDerived, Int.random(in: 0..<3, using: &random) == 0 {
            body.append(aggregate(below: stratum, grouping: bound.randomElement(using: &random)!, using: &random))
            bound.append("n")
        }
        if Int.random(in: 0..<3, using: &random) == 0, let left = bound.randomElement(using: &random) {
            let op = ["<", "<=", "!=", ">"].randomElement(using: &random)!
            let right = Bool.random(using: &random) ? term(bound.randomElement(using: &random)!) : Piece(lemma: "2", clingo: "2")
            body.append(Piece(lemma: "\(left) \(op) \(right.lemma)", clingo: "\(left.uppercased()) \(op) \(right.clingo)"))
        }
        let head = relations[stratum]
        // `v+1` in a head keeps the relation finite only below a bound, so such a rule also says `v < 3`.
        var guardVariable: String?
        let headArguments: [Piece] = (0..<head.arity).map { _ in
            let v = bound.randomElement(using: &random)!
            if guardVariable == nil, Int.random(in: 0..<4, using: &random) == 0 {
                guardVariable = v
                return Piece(lemma: "\(v)+1", clingo: "\(v.uppercased())+1")
            }
            return term(v)
        }
        if let v = guardVariable { body.append(Piece(lemma: "\(v) < 3", clingo: "\(v.uppercased()) < 3")) }
        // Datalog bodies are unordered: an expression argument may come before the atom that binds its variables.
        body.shuffle(using: &random)
        let headAtom = atom(head.name, headArguments)
        return Piece(lemma: "\(headAtom.lemma) :- \(body.map(\.lemma).joined(separator: ", ")).",
                     clingo: "\(headAtom.clingo) :- \(body.map(\.clingo).joined(separator: ", ")).")
    }

    private static func atom(_ name: String, _ arguments: [Piece]) -> Piece {
        Piece(lemma: "\(name)(\(arguments.map(\.lemma).joined(separator: ", ")))", clingo: "\(name)(\(arguments.map(\.clingo).joined(separator: ",")))")
    }

    /// `n = count : { A(g, u), B(u, v) }` and its clingo twin, grouped by the outer variable `g`. Soufflé counts (and
    /// sums over) the body's distinct bindings, so clingo's element tuple holds every local variable; min and max of
    /// nothing derive nothing in Soufflé, so clingo's result must be a number.
    private static func aggregate(below stratum: Int, grouping outer: String, using random: inout SeededRandom) -> Piece {
        let binary = relations[..<stratum].filter { $0.arity == 2 }
        let first = binary.randomElement(using: &random)!
        let second = relations[..<stratum].randomElement(using: &random)!
        let secondArguments = second.arity == 2 ? ["u", "v"] : ["u"]
        let body = [atom(first.name, [variable(outer), variable("u")]), atom(second.name, secondArguments.map(variable))]
        let lemmaBody = body.map(\.lemma).joined(separator: ", ")
        let clingoBody = body.map(\.clingo).joined(separator: ", ")
        let locals = (["U"] + (secondArguments.count == 2 ? ["V"] : [])).joined(separator: ",")
        switch Int.random(in: 0..<4, using: &random) {
        case 0: return Piece(lemma: "n = count : { \(lemmaBody) }", clingo: "N = #count { \(locals) : \(clingoBody) }")
        case 1: return Piece(lemma: "n = sum u : { \(lemmaBody) }", clingo: "N = #sum { U,\(locals) : \(clingoBody) }")
        case 2: return Piece(lemma: "n = min u : { \(lemmaBody) }", clingo: "N = #min { U : \(clingoBody) }, N < #sup")
        default: return Piece(lemma: "n = max u : { \(lemmaBody) }", clingo: "N = #max { U : \(clingoBody) }, N > #inf")
        }
    }
}
