import Reasoner
import Z3Kit

/// Enumerates the smallest sets of choices (facts to add, facts to remove) satisfying the hard constraints already
/// asserted into an optimizer, in increasing size. Each set found is blocked together with its supersets, so every
/// later optimum is a set that contains no earlier one; being of minimum size among those, it is also subset-minimal.
/// Abduction and counterfactuals differ only in what a choice means, so they share this loop.
struct MinimalSelections {
    let context: Z3Context
    let optimizer: Z3Optimizer
    /// Each choice's atom and the Boolean that is true when it is chosen.
    let choices: [(atom: GroundAtom, chosen: Z3Term)]

    /// - Parameter isConfirmed: the independent check of a set; a set it rejects is blocked but not returned.
    func enumerate(limit: Int, maximumSize: Int, deadline: inout SolverDeadline, isConfirmed: ([GroundAtom]) throws -> Bool) throws -> [[GroundAtom]] {
        for choice in choices {
            try optimizer.assertSoft(context.not(choice.chosen))
        }
        var found: [[GroundAtom]] = []
        while found.count < limit, try deadline.check(optimizer) {
            guard let model = try optimizer.model() else { break }
            let chosen = try choices.filter { try model.boolValue($0.chosen) == true }
            guard chosen.count <= maximumSize else { break }
            let atoms = chosen.map(\.atom).sorted { $0.description < $1.description }
            if try isConfirmed(atoms) { found.append(atoms) }
            guard !chosen.isEmpty else { break }
            try optimizer.assert(context.or(chosen.map { try context.not($0.chosen) }))
        }
        return found
    }
}
