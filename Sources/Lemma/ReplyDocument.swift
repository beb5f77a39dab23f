import Certification
import Reasoner
import Syntax
import Verbalizer

/// What `lemma query` says in English, in the order a reader needs it: the answer, the proofs as numbered steps,
/// then why not, what is missing, what it rests on, whether the knowledge is consistent, and how it was certified.
/// The text and Markdown formats lay out this one document; the DOT format draws the same proofs.
public struct ReplyDocument: Sendable {
    /// How many answers get their proof shown.
    public var proofsShown: Int
    /// Show only the steps at most this many levels below each goal.
    public var depth: Int?
    /// Bound the steps shown per proof, nearest the goals first, so that a very deep proof still prints quickly.
    public var stepsShown: Int

    public init(proofsShown: Int = 3, depth: Int? = nil, stepsShown: Int = 200) {
        self.proofsShown = proofsShown
        self.depth = depth
        self.stepsShown = stepsShown
    }

    public func document(_ outcome: QueryService.Outcome) -> Document {
        let result = outcome.result
        let reply = outcome.reply
        let book = outcome.phrasebook
        var document = Document([.paragraph(reply.text)])
        let answers = book.answerReadings(result)
        if answers.count > Phrasebook.namedAnswers {
            document.append(.heading("All \(answers.count) answers"))
            document.append(.bullets(answers.map { Document.Item($0) }))
        }
        for (title, proof) in proofs(outcome).prefix(proofsShown) {
            document.append(.heading(title))
            document.append(.proof(narrate(proof, book)))
        }
        if result.proofs.count > proofsShown {
            let hidden = result.proofs.count - proofsShown
            document.append(.paragraph("\(hidden) more \(hidden == 1 ? "proof is" : "proofs are") not shown: use --proofs, or --format json."))
        }
        for (number, proof) in result.evidence.refutations.enumerated() {
            document.append(.heading(result.evidence.refutations.count == 1 ? "Refuted by" : "Refuted by (\(number + 1))"))
            document.append(.proof(narrate(proof, book)))
        }
        if !outcome.whyNot.isEmpty {
            document.append(.heading(result.truth == .unknown ? "What is missing" : "Why not"))
            document.append(.bullets(outcome.whyNot.map(book.whyNot)))
        }
        factSets("It would hold if these facts were added", reply.abduction, into: &document)
        factSets("It would be yes if these facts were added", reply.witness?.couldHold, into: &document)
        factSets("It would be no if these facts were added", reply.witness?.couldFail, into: &document)
        factSets("It would no longer hold without these stored facts", reply.counterfactuals, into: &document)
        if let consistency = reply.consistency, !consistency.consistent {
            document.append(.heading("Warning: the knowledge is inconsistent"))
            document.append(.bullets(consistency.conflicts.map { conflict in
                Document.Item(English.capitalized(conflict.text), children: (conflict.minimalFactSets ?? []).map { set in
                    Document.Item("it rests on " + English.list(set.map(describe)))
                })
            }))
        }
        if let limits = reply.explanationLimits, !limits.isEmpty {
            document.append(.heading("Not explained"))
            document.append(.bullets(limits.map { Document.Item($0) }))
        }
        document.append(.note(label: "Certified", text: certification(reply.certification)))
        if result.world == .open {
            document.append(.note(label: "World", text: "open (what cannot be derived is unknown, not false)"))
        }
        document.append(.note(label: "Knowledge", text: reply.knowledge))
        return document
    }

    /// The proofs as a Graphviz graph: the answers' proofs, refutations, and why-not trees for a "no".
    public func graph(_ outcome: QueryService.Outcome) -> ProofGraph {
        let book = outcome.phrasebook
        var sections = proofs(outcome).prefix(proofsShown).map { ProofGraph.Section(title: $0.title, proof: narrate($0.proof, book)) }
        sections += outcome.result.evidence.refutations.map { ProofGraph.Section(title: "Refuted by", proof: narrate($0, book)) }
        return ProofGraph(title: outcome.reply.text, sections: sections, explanations: outcome.whyNot.map(book.whyNot))
    }

    private func narrate(_ proof: Proof, _ book: Phrasebook) -> NarratedProof {
        ProofNarrator(phrasebook: book).narrate(proof, depth: depth, maximumSteps: stepsShown)
    }

    /// Each answer's proof with its title, then the alternative proofs asked for.
    private func proofs(_ outcome: QueryService.Outcome) -> [(title: String, proof: Proof)] {
        let result = outcome.result
        var titled: [(String, Proof)] = []
        for (index, proof) in result.proofs.enumerated() {
            let subject = result.kind == .ground ? "" : " for " + describe(result.bindings[index], of: result.variables)
            titled.append(("Proof" + subject, proof))
            let alternatives = result.alternativeProofs.indices.contains(index) ? result.alternativeProofs[index] : []
            for (number, alternative) in alternatives.enumerated() {
                titled.append(("Alternative proof \(number + 1)" + subject, alternative))
            }
        }
        return titled
    }

    /// `g = Juan, a = 12`, leaving out the hidden variables that stand for `_` in count queries.
    private func describe(_ binding: [Value], of variables: [String]) -> String {
        zip(variables, binding).filter { !$0.0.hasPrefix(Reasoner.hiddenVariablePrefix) }.map { "\($0) = \(Phrasebook.text($1))" }.joined(separator: ", ")
    }

    private func describe(_ fact: FactReply) -> String {
        (fact.text ?? fact.atom) + (fact.file.map { " [\($0):\(fact.line ?? 0)]" } ?? "")
    }

    private func factSets(_ title: String, _ sets: [[FactReply]]?, into document: inout Document) {
        guard let sets, !sets.isEmpty else { return }
        document.append(.heading(title))
        document.append(.bullets(sets.map { Document.Item(English.list($0.map(describe))) }))
    }

    private func certification(_ certificate: Certificate) -> String {
        guard certificate.certified else { return "no (\(certificate.reason ?? "not certified"))" }
        switch certificate.method {
        case "completion" where certificate.checkedSteps == 0:
            return "yes (no ground rule instance can derive it, and Z3 confirms the completed program)"
        case "completion":
            return "yes (Z3 finds no derivation in the completed ground program, \(English.counted(certificate.checkedSteps, "ground rule instance")))"
        case "reference":
            return "yes (the independent checker confirms it: \(certificate.reason ?? "reference evaluation"))"
        case "refutation":
            return "yes (the refutation's \(English.counted(certificate.checkedSteps, "step")) re-checked, entailment confirmed by Z3)"
        default:
            return "yes (\(English.counted(certificate.checkedSteps, "step")) re-checked by the independent checker, entailment confirmed by Z3)"
        }
    }
}
