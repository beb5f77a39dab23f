import Foundation
import KnowledgeGraph
import NeuralParser
import Reasoner
import Synchronization
import Syntax

/// Knowledge kept open for many requests (`serve`, `repl`): the knowledge base, its loaded reasoner and the parser
/// bound to it. Each request works on one snapshot, so it sees the knowledge as of one committed state; when a
/// `tell` or another process changes a knowledge base file, the next request loads the new state.
public final class KnowledgeSession: Sendable {
    /// One committed state of the knowledge, loaded.
    public struct Snapshot: Sendable {
        public let prepared: AskService.Prepared
        public let reasoner: Reasoner

        public var knowledgeBase: KnowledgeBase { prepared.knowledgeBase }
        public var hash: String { reasoner.knowledgeHash }
    }

    /// `--knowledge`, or nil for `$LEMMA_KNOWLEDGE` or the shipped knowledge.
    public let path: String?
    public let askService: AskService
    private let loaded = Mutex<Snapshot?>(nil)

    public init(path: String?, askService: AskService) {
        self.path = path
        self.askService = askService
    }

    /// Whether `tell` can write here: only a knowledge base file (a folder's knowledge lives in its `.dl` files).
    public var writablePath: String? {
        guard let path else { return nil }
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
        return exists && (isFolder.boolValue || path.hasSuffix(".dl")) ? nil : path
    }

    /// The knowledge as last committed. Reading the stored content hash is one indexed lookup, so checking it on
    /// every request costs little and catches writes by other processes.
    public func snapshot() throws(LemmaError) -> Snapshot {
        if let current = loaded.withLock({ $0 }) {
            let stored: String
            do {
                stored = try current.knowledgeBase.contentHash()
            } catch {
                throw .knowledge(error)
            }
            if stored == current.hash { return current }
        }
        return try reload()
    }

    /// Loads the knowledge afresh (after a change, or `:load` in the REPL).
    @discardableResult
    public func reload() throws(LemmaError) -> Snapshot {
        let knowledgeBase: KnowledgeBase
        let reasoner: Reasoner
        do {
            knowledgeBase = try askService.queryService.locator.open(path)
            reasoner = try Reasoner(knowledgeBase: knowledgeBase)
        } catch {
            throw .knowledge(error)
        }
        let snapshot = Snapshot(prepared: try askService.prepare(knowledgeBase, path: path, reasoner: reasoner), reasoner: reasoner)
        loaded.withLock { $0 = snapshot }
        return snapshot
    }

    /// Whether a knowledge base file exists yet; a theory told to a new file creates it.
    public var exists: Bool {
        path.map { FileManager.default.fileExists(atPath: $0) } ?? true
    }

    /// What the loaded knowledge holds.
    public func statistics() throws(LemmaError) -> KnowledgeStatistics {
        let snapshot = try snapshot()
        return try KnowledgeStatistics(snapshot.knowledgeBase, program: snapshot.reasoner.program, named: path ?? KnowledgeLocator.shippedName)
    }
}

/// `stats`: the size and shape of the loaded knowledge.
public struct KnowledgeStatistics: Encodable, Sendable {
    public struct Relation: Encodable, Sendable {
        public var name: String
        public var arity: Int
        /// Stored facts; derived ones are not counted, since counting them means evaluating every rule.
        public var facts: Int
        /// Rules whose head is this relation.
        public var rules: Int
    }

    public var knowledge: String
    public var hash: String
    public var world: String
    public var relations: [Relation]
    public var facts: Int
    public var rules: Int
    public var constraints: Int

    public init(_ knowledgeBase: KnowledgeBase, program: Program, named name: String) throws(LemmaError) {
        do {
            relations = try program.relations.map { declaration throws(KnowledgeGraphError) in
                Relation(name: declaration.name, arity: declaration.arity, facts: try knowledgeBase.factCount(RelationName(declaration.name)),
                         rules: program.rules.filter { $0.head.relation.name == declaration.name }.count)
            }
            hash = try knowledgeBase.contentHash()
        } catch {
            throw .knowledge(error)
        }
        knowledge = name
        world = program.world.rawValue
        facts = relations.reduce(0) { $0 + $1.facts }
        rules = program.rules.count
        constraints = program.constraints.count
    }

    /// The statistics of `--knowledge` (or the default knowledge), for `lemma stats`.
    public static func of(knowledge path: String?, locator: KnowledgeLocator = KnowledgeLocator()) throws(LemmaError) -> KnowledgeStatistics {
        do {
            let knowledgeBase = try locator.open(path)
            return try KnowledgeStatistics(knowledgeBase, program: knowledgeBase.loadProgram().program, named: path ?? KnowledgeLocator.shippedName)
        } catch let error as LemmaError {
            throw error
        } catch let error as KnowledgeGraphError {
            throw .knowledge(error)
        } catch {
            throw .knowledge(.database(path: path ?? KnowledgeLocator.shippedName, message: String(describing: error)))
        }
    }
}
