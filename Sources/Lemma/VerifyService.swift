import Certification
import Foundation
import KnowledgeGraph
import Reasoner
import Syntax
import Verbalizer
import Verification

/// `lemma verify`: everything `lemma check` reports, then the rule-set checks (`RuleSetChecks`), the consistency of
/// the rules with their facts (each conflict with its proof and a minimal set of facts that produces it), the rule
/// set's properties (`.assert`), and, given an older version, the answers a change adds or removes.
public struct VerifyService: Sendable {
    public var solverTimeout: Duration
    /// Fresh constants per type for the bounded check of properties.
    public var bound: Int

    public init(solverTimeout: Duration = .seconds(30), bound: Int = 3) {
        self.solverTimeout = solverTimeout
        self.bound = bound
    }

    /// - Parameter old: an older version of the rule set to compare answers with (`--against`).
    /// - Throws: when a rule set cannot be read at all (a missing path, an old version that does not compile), which
    ///   is bad input rather than a finding.
    /// - Parameter provider: where the rule files are read from: the file system, or text sent with a request.
    public func verify(_ path: String, provider: any SourceProvider = FileSystemSource(), against old: String? = nil) throws(LemmaError) -> VerificationReport {
        let check = try CheckService().check(path, provider: provider)
        guard check.errorCount == 0 else {
            return VerificationReport(path: path, files: check.files, findings: check.diagnostics, checked: ["syntax"])
        }
        let program = check.program
        let checks = RuleSetChecks.findings(in: program)
        let compiled = check.diagnostics.filter { diagnostic in !checks.contains { $0.code == diagnostic.code && $0.location == diagnostic.location } }
        let (reasoner, knowledgeBase) = try load(path, provider: provider)
        let phrasebook = Phrasebook(program: reasoner.program)
        let (propertyFindings, properties) = checkProperties(program, reasoner: reasoner, phrasebook: phrasebook)
        var findings = compiled + checks + inconsistencies(reasoner: reasoner, knowledgeBase: knowledgeBase, phrasebook: phrasebook, program: program)
            + propertyFindings
        var report = VerificationReport(path: path, files: check.files, findings: [], checked: RuleSetChecks.kinds.map(\.id), properties: properties)
        if let old {
            let (changes, difference) = try compare(program, reasoner: reasoner, phrasebook: phrasebook, against: old)
            findings += changes
            report.difference = difference
        }
        report.findings = findings.sorted(by: RuleSetChecks.sourceOrder)
        return report
    }

    /// What the rule set derives differently from an older version: on the stored facts (each version over its own),
    /// relation by relation, and on a minimal fact set within the bound (`BoundedChecker.disagreement`).
    func compare(_ program: Program, reasoner: Reasoner, phrasebook: Phrasebook, against old: String) throws(LemmaError) -> ([Diagnostic], VerificationReport.Difference) {
        let oldCheck = try CheckService().check(old)
        guard oldCheck.errorCount == 0 else { throw .invalidInput(oldCheck.diagnostics, sources: [:]) }
        let oldProgram = oldCheck.program
        let (oldReasoner, _) = try load(old)
        let compared = Set(program.rules.map(\.head.relation) + oldProgram.rules.map(\.head.relation)).sorted()
        var findings: [Diagnostic] = []
        var newlyDerived: [String] = []
        var noLongerDerived: [String] = []
        for relation in compared {
            let now = Self.derived(relation, by: reasoner)
            let before = Self.derived(relation, by: oldReasoner)
            let added = now.subtracting(before).sorted { $0.description < $1.description }
            let removed = before.subtracting(now).sorted { $0.description < $1.description }
            guard !added.isEmpty || !removed.isEmpty else { continue }
            newlyDerived += added.map(\.description)
            noLongerDerived += removed.map(\.description)
            let shown = 5
            let notes = added.prefix(shown).map { Diagnostic.Note("now derived: \($0). (\(phrasebook.statement($0)))") }
                + removed.prefix(shown).map { Diagnostic.Note("no longer derived: \($0). (\(phrasebook.statement($0)))") }
                + (added.count + removed.count > 2 * shown ? [Diagnostic.Note("and more; --format json lists them all")] : [])
            findings.append(.warning(RuleSetChecks.ChangedAnswers.id,
                                     "'\(relation)' answers differ from \(old) on the stored facts: \(added.count) newly derived, \(removed.count) no longer derived",
                                     at: program.declaration(of: relation.name)?.location, notes: notes))
        }
        var example: VerificationReport.Difference.Example?
        var same: Bool?
        do throws(CertificationError) {
            if let disagreement = try BoundedChecker(bound: bound, timeout: solverTimeout).disagreement(old: oldProgram, new: program) {
                example = .init(facts: disagreement.facts.map(\.description), onlyOld: disagreement.onlyOld.map(\.description),
                                onlyNew: disagreement.onlyNew.map(\.description))
                let notes = disagreement.facts.map { Diagnostic.Note("with the facts \($0). (\(phrasebook.statement($0)))") }
                    + disagreement.onlyNew.map { Diagnostic.Note("only the new version derives \($0)") }
                    + disagreement.onlyOld.map { Diagnostic.Note("only \(old) derives \($0)") }
                findings.append(.warning(RuleSetChecks.ChangedAnswers.id,
                                         "the rule set and \(old) disagree on a set of \(disagreement.facts.count) fact\(disagreement.facts.count == 1 ? "" : "s") within the bound",
                                         at: program.rules.first?.location, notes: notes))
                same = false
            } else {
                same = true
            }
        } catch {
            findings.append(.warning(RuleSetChecks.ChangedAnswers.id, "whether the rule set and \(old) agree within the bound is undecided: \(error)",
                                     at: program.rules.first?.location))
        }
        return (findings, VerificationReport.Difference(against: old, newlyDerived: newlyDerived, noLongerDerived: noLongerDerived, example: example,
                                                         sameWithinBound: same, bound: bound))
    }

    /// Every tuple a relation holds, as the reasoner derives it.
    static func derived(_ relation: RelationName, by reasoner: Reasoner) -> Set<GroundAtom> {
        guard let arity = reasoner.program.declaration(of: relation.name)?.arity else { return [] }
        let location = SourceLocation(file: "<verify>", line: 1, column: 1)
        let variables = (0..<arity).map { Term.variable("v\($0)") }
        let query = Query(literals: [.positive(Atom(relation, variables, location: location))], aggregate: nil, text: "\(relation)")
        guard let result = try? reasoner.answer(query) else { return [] }
        return Set(result.bindings.map { GroundAtom(relation, $0.map(Optional.some)) })
    }

    /// Each property on the stored facts (the reasoner's answer to its violation, with a proof), then, when they
    /// satisfy it, on every fact set within the bound (`BoundedChecker`).
    func checkProperties(_ program: Program, reasoner: Reasoner, phrasebook: Phrasebook) -> ([Diagnostic], [VerificationReport.PropertyResult]) {
        var findings: [Diagnostic] = []
        var results: [VerificationReport.PropertyResult] = []
        for property in program.properties {
            let query = Query(literals: property.violation, aggregate: nil, text: property.sourceText)
            let stored: QueryResult
            do {
                stored = try reasoner.answer(query)
            } catch {
                let detail = "cannot be evaluated on the stored facts: \(error)"
                findings.append(.warning(RuleSetChecks.PropertyFinding.undecided, "property '\(property.name)' \(detail)", at: property.location))
                results.append(.init(name: property.name, location: property.location, status: .undecided, detail: detail))
                continue
            }
            if stored.holds, let binding = stored.bindings.first, let proof = stored.proofs.first {
                let values = zip(stored.variables, binding).map { "\($0) = \($1)" }.joined(separator: ", ")
                let detail = "fails on the stored facts" + (values.isEmpty ? "" : " for \(values)")
                let steps = Self.notes(ProofReply(proof, phrasebook: phrasebook).steps)
                let bound = Dictionary(zip(stored.variables, binding), uniquingKeysWith: { first, _ in first })
                let head = property.head.flatMap { Self.instantiate($0, bound) }.map { [Diagnostic.Note("and \($0) does not hold: it is not known that \(phrasebook.statement($0))")] } ?? []
                findings.append(.error(RuleSetChecks.PropertyFinding.violated, "property '\(property.name)' \(detail)", at: property.location, notes: steps + head))
                results.append(.init(name: property.name, location: property.location, status: .violated, detail: detail))
                continue
            }
            do throws(CertificationError) {
                switch try BoundedChecker(bound: bound, timeout: solverTimeout).check(property, in: program) {
                case let .holds(candidates):
                    results.append(.init(name: property.name, location: property.location, status: .holds,
                                         detail: "holds on the stored facts, and proved for every set of facts with \(bound) constants per type (\(candidates) possible facts)"))
                case let .violated(facts, bindings):
                    let values = bindings.first.map { $0.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: ", ") } ?? ""
                    let detail = "fails for a set of \(facts.count) fact\(facts.count == 1 ? "" : "s") within the bound" + (values.isEmpty ? "" : ", for \(values)")
                    var notes = facts.map { Diagnostic.Note("counterexample fact \($0).  (\(phrasebook.statement($0)))") }
                    notes += replay(property, in: program, facts: facts, phrasebook: phrasebook)
                    findings.append(.error(RuleSetChecks.PropertyFinding.violated, "property '\(property.name)' \(detail)", at: property.location, notes: notes))
                    results.append(.init(name: property.name, location: property.location, status: .violated,
                                         detail: detail + ": " + facts.map { "\($0)." }.joined(separator: " ")))
                }
            } catch {
                let detail = "holds on the stored facts; undecided within the bound: \(error)"
                findings.append(.warning(RuleSetChecks.PropertyFinding.undecided, "property '\(property.name)' \(detail)", at: property.location))
                results.append(.init(name: property.name, location: property.location, status: .undecided, detail: detail))
            }
        }
        return (findings, results)
    }

    /// Each conflict of the rules with their facts as an error at the constraint that fires (or the declaration of the
    /// relation that holds both ways), with notes citing a minimal set of facts that produces it and its proof.
    func inconsistencies(reasoner: Reasoner, knowledgeBase: KnowledgeBase, phrasebook: Phrasebook, program: Program) -> [Diagnostic] {
        guard reasoner.canBeInconsistent else { return [] }
        var limits: [String] = []
        let conflicts = reasoner.conflicts()
        let consistency = Evidence(reasoner: reasoner, knowledgeBase: knowledgeBase, solverTimeout: solverTimeout, phrasebook: phrasebook)
            .consistency(of: conflicts, minimalSets: true, limits: &limits)
        return zip(conflicts, consistency.conflicts).map { proved, reply in
            let location: SourceLocation?
            switch proved.conflict {
            case let .constraint(index, _): location = reasoner.program.constraints[index].location
            case let .complementary(atom): location = program.declaration(of: atom.relation.name)?.location
            }
            var notes = (reply.minimalFactSets?.first ?? []).map { fact in
                Diagnostic.Note("with the fact \(fact.atom)" + (fact.text.map { ": " + $0 } ?? ""),
                                at: fact.file.map { SourceLocation(file: $0, line: fact.line ?? 1, column: 1) })
            }
            notes += Self.notes(reply.proof.steps)
            notes += limits.map { Diagnostic.Note("not minimised: " + $0) }
            return .error(RuleSetChecks.Inconsistency.id, "inconsistent: " + reply.text, at: location, notes: notes)
        }
    }

    /// The counterexample run through the reasoner: the rules with only its facts, and the violation's proof in
    /// English; a note saying so if the reasoner does not find the violation (never expected: the bounded check
    /// re-checks it with the reference evaluator already).
    func replay(_ property: Property, in program: Program, facts: [GroundAtom], phrasebook: Phrasebook) -> [Diagnostic.Note] {
        let text = program.textWithoutFacts() + facts.map { "\($0).\n" }.joined()
        let query = Query(literals: property.violation, aggregate: nil, text: property.sourceText)
        guard let replayed = try? InMemoryProgram(text, file: "counterexample.dl"), let result = try? replayed.reasoner.answer(query),
              let proof = result.proofs.first, let binding = result.bindings.first else {
            return [Diagnostic.Note("the reasoner did not confirm this counterexample")]
        }
        var notes = [Diagnostic.Note("the reasoner, given the rules and only these facts (as counterexample.dl), derives the violation:")]
        notes += Self.notes(ProofReply(proof, phrasebook: phrasebook).steps)
        let bound = Dictionary(zip(result.variables, binding), uniquingKeysWith: { first, _ in first })
        if let head = property.head.flatMap({ Self.instantiate($0, bound) }) {
            notes.append(Diagnostic.Note("but \(head) does not hold: it is not known that \(phrasebook.statement(head))"))
        }
        return notes
    }

    /// A proof's steps as notes, each in English with its reasons and citation.
    static func notes(_ steps: [ProofReply.Step]) -> [Diagnostic.Note] {
        steps.map { Diagnostic.Note("step \($0.id): " + ($0.explanation ?? $0.text ?? $0.atom)) }
    }

    /// The atom with its variables bound, when every argument is a constant or a bound variable.
    static func instantiate(_ atom: Atom, _ binding: [String: Value]) -> GroundAtom? {
        let values = atom.arguments.map { argument -> Value? in
            switch argument {
            case let .constant(value): value
            case let .variable(name): binding[name]
            default: nil
            }
        }
        return values.contains { $0 == nil } ? nil : GroundAtom(atom.relation, values)
    }

    /// The rule set with its facts in an in-memory knowledge base, and its reasoner.
    func load(_ path: String, provider source: any SourceProvider = FileSystemSource()) throws(LemmaError) -> (Reasoner, KnowledgeBase) {
        let roots: [String]
        do {
            roots = path.hasSuffix(".dl") ? [path] : try source.programFiles(in: path)
        } catch {
            throw .knowledge(.source(error))
        }
        let knowledgeBase: KnowledgeBase
        let reasoner: Reasoner
        do {
            knowledgeBase = try KnowledgeBase.create(at: ":memory:")
            try knowledgeBase.importSources(roots, provider: source)
            reasoner = try Reasoner(knowledgeBase: knowledgeBase)
        } catch {
            throw .knowledge(error)
        }
        return (reasoner, knowledgeBase)
    }
}
