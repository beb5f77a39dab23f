import KnowledgeGraph
import NeuralParser

/// What `lemma train` needs from the knowledge layer: the schema of each knowledge base it trains over.
public enum TrainingService {
    public static func schema(knowledge path: String?, locator: KnowledgeLocator = KnowledgeLocator()) throws(LemmaError) -> ParserSchema {
        do {
            let knowledgeBase = try locator.open(path)
            return try ParserSchema(program: knowledgeBase.loadProgram().program, knowledgeBase: knowledgeBase)
        } catch let error as KnowledgeGraphError {
            throw .knowledge(error)
        } catch {
            throw .knowledge(.database(path: path ?? KnowledgeLocator.shippedName, message: String(describing: error)))
        }
    }
}
