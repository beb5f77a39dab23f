import Reasoner
import Syntax

/// One proof step in English: "3. Juan is a grandparent of Lucia, because Juan is a parent of Carlos (step 1) and
/// Carlos is a parent of Lucia (step 2) [rule grandparent, rules/family.dl:14]".
public struct NarratedStep: Hashable, Sendable {
    /// The step's 1-based position in the proof, the same number JSON gives it.
    public var number: Int
    /// The canonical `.phrase` reading of the step's atom.
    public var statement: String
    /// The statement made ready to open a sentence.
    public var lead: String
    /// What the step rests on: earlier steps by number, atoms not known to hold, conditions that hold.
    public var reasons: String?
    /// "fact", or the rule that concludes the step: "rule grandparent".
    public var justification: String
    /// Where the fact or rule is written: "rules/family.dl:14", or the import batch of a fact with no file.
    public var source: String
    /// The numbers of the steps this one uses.
    public var premises: [Int]
    public var isFact: Bool

    /// "rule grandparent, rules/family.dl:14".
    public var citation: String { justification + ", " + source }

    /// The whole step as one sentence, without its number.
    public var sentence: String {
        lead + (reasons.map { ", because " + $0 } ?? "") + " [\(citation)]"
    }
}

/// A proof in English, possibly folded to the steps nearest its goals.
public struct NarratedProof: Hashable, Sendable {
    /// The steps shown, in proof order: premises before the steps using them, each shared sub-proof once.
    public var steps: [NarratedStep]
    public var goals: [Int]
    /// The query's own conditions that hold for this answer, in English.
    public var conditions: [String]
    /// How many steps the folding left out, deepest first.
    public var hiddenSteps: Int
    /// Why the proof is missing altogether (longer than the proof budget).
    public var omission: String?
}

/// Turns proofs into numbered English steps.
public struct ProofNarrator: Sendable {
    public var phrasebook: Phrasebook

    public init(phrasebook: Phrasebook) {
        self.phrasebook = phrasebook
    }

    /// The proof as numbered sentences. With `depth`, only steps at most that many levels below a goal are shown
    /// (goals are level 1); `maximumSteps` bounds how many are shown at all, nearest the goals first, so a proof
    /// a million steps long still prints its conclusion and the reasons for it.
    public func narrate(_ proof: Proof, depth: Int? = nil, maximumSteps: Int = .max) -> NarratedProof {
        let shown = visibleSteps(proof, depth: depth, maximumSteps: maximumSteps)
        // Each statement is rendered once, though it appears again in the reasons of every step that uses it.
        var statements = [String](repeating: "", count: proof.steps.count)
        for index in shown.union(shown.flatMap { proof.steps[$0].premises }) {
            statements[index] = phrasebook.statement(proof.steps[index].conclusion)
        }
        let steps = shown.sorted().map { narrate(proof, step: $0, shown: shown, statements: statements) }
        return NarratedProof(steps: steps, goals: proof.goals.map { $0 + 1 }, conditions: proof.queryConditions.map(phrasebook.reading),
                             hiddenSteps: proof.steps.count - shown.count, omission: proof.omission)
    }

    /// Breadth-first from the goals, so that what is cut is always the deepest part of the proof.
    private func visibleSteps(_ proof: Proof, depth: Int?, maximumSteps: Int) -> Set<Int> {
        var shown = Set<Int>()
        var level = proof.goals.filter { shown.insert($0).inserted }
        var levelNumber = 1
        while !level.isEmpty, shown.count < maximumSteps {
            levelNumber += 1
            if let depth, levelNumber > depth { break }
            var next: [Int] = []
            for index in level {
                for premise in proof.steps[index].premises where shown.count < maximumSteps && shown.insert(premise).inserted {
                    next.append(premise)
                }
            }
            level = next
        }
        return shown
    }

    private func narrate(_ proof: Proof, step index: Int, shown: Set<Int>, statements: [String]) -> NarratedStep {
        let step = proof.steps[index]
        let statement = statements[index]
        let lead = phrasebook.sentenceCase(statement, of: step.conclusion.relation)
        switch step.justification {
        case let .fact(file, line, batch):
            let source = file.isEmpty ? "import batch \(batch)" : line > 0 ? "\(file):\(line)" : "\(file), import batch \(batch)"
            return NarratedStep(number: index + 1, statement: statement, lead: lead, reasons: nil, justification: "fact", source: source, premises: [], isFact: true)
        case let .rule(citation, _, premises, absent, conditions):
            let used = premises.map { premise in
                "\(statements[premise]) (step \(premise + 1)\(shown.contains(premise) ? "" : ", not shown"))"
            }
            let side = absent.map(phrasebook.absence) + conditions.map(phrasebook.reading)
            let reasons: String?
            switch (used.isEmpty, side.isEmpty) {
            case (true, true): reasons = nil
            case (false, true): reasons = English.list(used)
            case (true, false): reasons = English.list(side)
            case (false, false): reasons = English.list(used) + ", and " + English.list(side)
            }
            return NarratedStep(number: index + 1, statement: statement, lead: lead, reasons: reasons,
                                justification: "rule \(citation.name)", source: "\(citation.location.file):\(citation.location.line)",
                                premises: premises.map { $0 + 1 }, isFact: false)
        }
    }
}
