import Foundation
import KnowledgeGraph
import Reasoner
import Syntax

/// `lemma bench --program FILE.dl --relation R`: one program with its `.input` facts, imported into an in-memory
/// knowledge base, loaded and evaluated, with each step timed. `Benchmarks/compare.py` runs it beside other engines
/// on the same inputs and compares the tuples it writes.
public struct ProgramBenchmark: Sendable {
    public var program: String
    /// The relation whose tuples are counted and written.
    public var relation: String
    /// A bound query answered query-driven (with proofs) instead of evaluating the whole program.
    public var query: String?
    /// Where to write the tuples, tab-separated, one per line.
    public var output: String?

    public init(program: String, relation: String, query: String?, output: String?) {
        self.program = program
        self.relation = relation
        self.query = query
        self.output = output
    }

    public struct Report: Encodable, Sendable {
        public var tuples: Int
        public var importSeconds: Double
        public var loadSeconds: Double
        public var evaluateSeconds: Double
        public var writeSeconds: Double
        /// After a whole evaluation: the tuples of every relation, and the bytes per tuple their rows, indexes and
        /// derivation records take (array capacities, so growth slack counts). Nil for a bound query.
        public var evaluatorTuples: Int?
        public var evaluatorBytesPerTuple: Double?

        enum CodingKeys: String, CodingKey {
            case tuples
            case importSeconds = "import_s"
            case loadSeconds = "load_s"
            case evaluateSeconds = "evaluate_s"
            case writeSeconds = "write_s"
            case evaluatorTuples = "evaluator_tuples"
            case evaluatorBytesPerTuple = "evaluator_bytes_per_tuple"
        }
    }

    public func run() throws(LemmaError) -> Report {
        let clock = ContinuousClock()
        let started = clock.now
        let knowledgeBase: KnowledgeBase
        do {
            knowledgeBase = try KnowledgeBase.create(at: ":memory:")
            try knowledgeBase.importSources([program])
        } catch {
            throw .knowledge(error)
        }
        let imported = clock.now
        let reasoner: Reasoner
        do {
            reasoner = try Reasoner(knowledgeBase: knowledgeBase)
        } catch {
            throw .knowledge(error)
        }
        let loaded = clock.now
        var rows: [[Value]] = []
        var footprint: (tuples: Int, bytes: Int)?
        if let query {
            let parsed: Query
            do {
                parsed = try Query.parse(query)
            } catch {
                throw .invalidInput(error.diagnostics, sources: ["<query>": query])
            }
            do {
                rows = try reasoner.answer(parsed).bindings
            } catch {
                throw .invalidInput(error.diagnostics, sources: ["<query>": query])
            }
        } else {
            footprint = reasoner.evaluateAll(visiting: RelationName(relation)) { rows.append($0) }
        }
        let evaluated = clock.now
        if let output {
            let text = rows.map { $0.map(\.description).joined(separator: "\t") }.joined(separator: "\n") + (rows.isEmpty ? "" : "\n")
            do {
                try text.write(toFile: output, atomically: false, encoding: .utf8)
            } catch {
                throw .invalidInput([.error("unwritable-output", "cannot write '\(output)': \(error.localizedDescription)", at: SourceLocation(file: output, line: 0, column: 0))], sources: [:])
            }
        }
        return Report(tuples: rows.count, importSeconds: (imported - started).inSeconds, loadSeconds: (loaded - imported).inSeconds,
                      evaluateSeconds: (evaluated - loaded).inSeconds, writeSeconds: (clock.now - evaluated).inSeconds,
                      evaluatorTuples: footprint?.tuples, evaluatorBytesPerTuple: footprint.map { Double($0.bytes) / Double(max($0.tuples, 1)) })
    }
}
