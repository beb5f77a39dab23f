import Certification
import KnowledgeGraph
import Reasoner
import Syntax
import Verbalizer

/// A program made on the fly (a theory read from English, a story's kinship), stored in an in-memory knowledge base
/// and answered and certified exactly as `lemma query` answers a stored one.
struct InMemoryProgram {
    let program: String
    let knowledgeBase: KnowledgeBase
    let reasoner: Reasoner
    let phrasebook: Phrasebook

    init(_ program: String, file: String) throws(LemmaError) {
        self.program = program
        do {
            knowledgeBase = try KnowledgeBase.create(at: ":memory:")
            try knowledgeBase.importSources([file], provider: InMemorySource(files: [file: program]))
            reasoner = try Reasoner(knowledgeBase: knowledgeBase)
        } catch {
            throw .knowledge(error)
        }
        phrasebook = Phrasebook(program: reasoner.program)
    }

    /// The answer to `queryText` with its certificate.
    func answer(_ queryText: String, world: World? = nil, solverTimeout: Duration) throws(LemmaError) -> (QueryResult, Certificate) {
        let query: Query
        let result: QueryResult
        do {
            query = reasoner.typed(try Query.parse(queryText))
        } catch {
            throw .invalidInput(error.diagnostics, sources: ["<query>": queryText])
        }
        do {
            result = try reasoner.answer(query, options: Reasoner.Options(world: world))
        } catch {
            throw .invalidInput(error.diagnostics, sources: ["<query>": queryText])
        }
        let evidence = Evidence(reasoner: reasoner, knowledgeBase: knowledgeBase, solverTimeout: solverTimeout, phrasebook: phrasebook)
        return (result, try evidence.certify(result))
    }
}
