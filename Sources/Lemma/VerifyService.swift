import Certification
import Foundation
import KnowledgeGraph
import Reasoner
import Syntax
import Verbalizer
import Verification

/// `lemma verify`: everything `lemma check` reports, then the rule-set checks (`RuleSetChecks`) and the consistency
/// of the rules with their facts, each conflict with its proof and the minimal sets of facts that produce it.
public struct VerifyService: Sendable {
    public var solverTimeout: Duration

    public init(solverTimeout: Duration = .seconds(30)) {
        self.solverTimeout = solverTimeout
    }

    /// - Throws: when the rule set cannot be read at all (a missing path), which is bad input rather than a finding.
    public func verify(_ path: String) throws(LemmaError) -> VerificationReport {
        let check = try CheckService().check(path)
        guard check.errorCount == 0 else {
            return VerificationReport(path: path, files: check.files, findings: check.diagnostics, checked: ["syntax"])
        }
        let loaded: LoadedProgram
        do {
            loaded = try ProgramLoader(provider: FileSystemSource()).load(path: path)
        } catch {
            throw .knowledge(.source(error))
        }
        let checks = RuleSetChecks.findings(in: loaded.program)
        let compiled = check.diagnostics.filter { diagnostic in !checks.contains { $0.code == diagnostic.code && $0.location == diagnostic.location } }
        let findings = compiled + checks + (try inconsistencies(of: path, program: loaded.program))
        return VerificationReport(path: path, files: check.files, findings: findings, checked: RuleSetChecks.kinds.map(\.id))
    }

    /// Each conflict of the rules with their facts as an error at the constraint that fires (or the declaration of the
    /// relation that holds both ways), with notes citing a minimal set of facts that produces it and its proof.
    func inconsistencies(of path: String, program: Program) throws(LemmaError) -> [Diagnostic] {
        let source = FileSystemSource()
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
        guard reasoner.canBeInconsistent else { return [] }
        let phrasebook = Phrasebook(program: reasoner.program)
        var limits: [String] = []
        let consistency = Evidence(reasoner: reasoner, knowledgeBase: knowledgeBase, solverTimeout: solverTimeout, phrasebook: phrasebook)
            .consistency(minimalSets: true, limits: &limits)
        return zip(reasoner.conflicts(), consistency.conflicts).map { proved, reply in
            let location: SourceLocation?
            switch proved.conflict {
            case let .constraint(index, _): location = reasoner.program.constraints[index].location
            case let .complementary(atom): location = program.declaration(of: atom.relation.name)?.location
            }
            var notes = (reply.minimalFactSets?.first ?? []).map { fact in
                Diagnostic.Note("with the fact \(fact.atom)" + (fact.text.map { ": " + $0 } ?? ""),
                                at: fact.file.map { SourceLocation(file: $0, line: fact.line ?? 1, column: 1) })
            }
            notes += reply.proof.steps.map { Diagnostic.Note("step \($0.id): " + ($0.explanation ?? $0.text ?? $0.atom)) }
            notes += limits.map { Diagnostic.Note("not minimised: " + $0) }
            return .error(RuleSetChecks.Inconsistency.id, "inconsistent: " + reply.text, at: location, notes: notes)
        }
    }
}
