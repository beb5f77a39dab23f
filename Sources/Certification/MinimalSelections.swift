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

    /// The most sets of one size enumerated before they are ordered. Z3 finds sets of equal size in an order of its
    /// own, so every set of a size is collected and the sets are sorted before any is returned: the same question
    /// gets the same sets, byte for byte. Past this many sets of one size the order is still sorted, but which sets
    /// of that size are seen is Z3's choice.
    static let setsPerSize = 256

    /// - Parameter isConfirmed: the independent check of a set; a set it rejects is blocked but not returned.
    func enumerate(limit: Int, maximumSize: Int, deadline: inout SolverDeadline, isConfirmed: ([GroundAtom]) throws -> Bool) throws -> [[GroundAtom]] {
        for choice in choices {
            try optimizer.assertSoft(context.not(choice.chosen))
        }
        var found: [[GroundAtom]] = []
        var level: [[GroundAtom]] = []
        var levelSize: Int?
        func closeLevel() {
            found += level.sorted { $0.map(\.description).lexicographicallyPrecedes($1.map(\.description)) }
            level = []
        }
        while try deadline.check(optimizer) {
            guard let model = try optimizer.model() else { break }
            let chosen = try choices.filter { try model.boolValue($0.chosen) == true }
            guard chosen.count <= maximumSize else { break }
            if chosen.count != levelSize {
                closeLevel()
                levelSize = chosen.count
                if found.count >= limit { break }
            }
            let atoms = chosen.map(\.atom).sorted { $0.description < $1.description }
            if try isConfirmed(atoms) { level.append(atoms) }
            guard !chosen.isEmpty, level.count < Self.setsPerSize else { break }
            try optimizer.assert(context.or(chosen.map { try context.not($0.chosen) }))
        }
        closeLevel()
        return Array(found.prefix(limit))
    }
}
