import Foundation
import Syntax
import Testing
@testable import NeuralParser

private let familySchema = ParserSchema(
    relations: [
        RelationSchema(name: "person", attributes: [.init(name: "name", typeName: "Person", primitive: .symbol)], phrases: ["{name} is a person"]),
        RelationSchema(name: "adult", attributes: [.init(name: "person", typeName: "Person", primitive: .symbol)], phrases: ["{person} is an adult"]),
        RelationSchema(name: "grandparent", attributes: [.init(name: "grandparent", typeName: "Person", primitive: .symbol),
                                                         .init(name: "grandchild", typeName: "Person", primitive: .symbol)],
                       phrases: ["{grandparent} is a grandparent of {grandchild}"]),
        RelationSchema(name: "age", attributes: [.init(name: "person", typeName: "Person", primitive: .symbol),
                                                 .init(name: "years", typeName: "number", primitive: .number)],
                       phrases: ["{person} is {years} years old"]),
    ],
    entityTypes: ["Mateo": ["Person"], "Juan": ["Person"]]
)

@Suite struct QueryBuilderTests {
    let builder = QueryBuilder(schema: familySchema)

    @Test func whichQuestionAsksOneVariableNamedByItsAttribute() throws {
        let text = try builder.build(Interpretation(form: .which, clauses: [.init(relation: "grandparent", arguments: [.asked, .value(.symbol("Mateo"))])])).text
        #expect(text == #"grandparent(g, "Mateo")"#)
    }

    @Test func negatedWhichRangesOverTheTypesUnaryRelation() throws {
        let text = try builder.build(Interpretation(form: .which, negated: true, clauses: [.init(relation: "adult", arguments: [.asked])])).text
        #expect(text == "person(p), !adult(p)")
    }

    @Test func aNamedDomainReplacesTheTypesOwnRelation() throws {
        let denied = Interpretation(form: .which, negated: true, clauses: [.init(relation: "adult", arguments: [.asked])], domain: "student")
        #expect(try builder.build(denied).text == "student(p), !adult(p)")
    }

    @Test func negatedQuestionsRangeOverTheClassTheyName() {
        let schema = ParserSchema(relations: familySchema.relations + [
            RelationSchema(name: "badge_holder", attributes: [.init(name: "person", typeName: "Person", primitive: .symbol)], phrases: ["{person} has a badge"]),
        ], entityTypes: familySchema.entityTypes)
        let parser = QuestionParser(network: ParserNetwork(configuration: .tiny, seed: 1), schema: schema, names: InMemoryNameSearch(names: ["Mateo"]))
        let notAdult = Interpretation(form: .which, negated: true, clauses: [.init(relation: "adult", arguments: [.asked])])
        #expect(parser.namedDomain(of: notAdult, tokens: Tokenizer.tokenize("Which badge holders are not adults?")) == "badge_holder")
        #expect(parser.namedDomain(of: notAdult, tokens: Tokenizer.tokenize("Who is not an adult?")) == nil)
    }

    @Test func aNegatedQuestionNeverRangesOverTheRelationItDenies() throws {
        let notPerson = Interpretation(form: .which, negated: true, clauses: [.init(relation: "person", arguments: [.asked])])
        #expect(try builder.build(notPerson).text == "adult(n), !person(n)", "the next unary relation of the type, never person(n), !person(n)")
    }

    @Test func countComparisonAndConjunction() throws {
        #expect(try builder.build(Interpretation(form: .howMany, clauses: [.init(relation: "adult", arguments: [.asked])])).text == "count : { adult(p) }")
        #expect(try builder.build(Interpretation(form: .which, clauses: [.init(relation: "age", arguments: [.asked, .compared(.greater, .number(30))])])).text
            == "age(p, y), y > 30")
        #expect(try builder.build(Interpretation(form: .which, clauses: [.init(relation: "adult", arguments: [.asked]),
                                                                         .init(relation: "grandparent", arguments: [.asked, .free])])).text
            == "adult(p), grandparent(p, _)")
    }

    @Test func unknownRelationOrArityIsRefused() {
        #expect(throws: ParseError.notInSchema("uncle")) {
            try builder.build(Interpretation(form: .yesNo, clauses: [.init(relation: "uncle", arguments: [.asked])]))
        }
        #expect(throws: ParseError.notInSchema("adult")) {
            try builder.build(Interpretation(form: .yesNo, clauses: [.init(relation: "adult", arguments: [.asked, .asked])]))
        }
    }

    @Test func canonicalQueriesIgnoreVariableNamesAndLiteralOrder() throws {
        #expect(try CanonicalQuery(parsing: #"grandparent(g, "Mateo")"#) == CanonicalQuery(parsing: #"grandparent(x, "Mateo")"#))
        #expect(try CanonicalQuery(parsing: "age(p, y), y > 30") == CanonicalQuery(parsing: "y > 30, age(q, y)"))
        #expect(try CanonicalQuery(parsing: "person(p), !adult(p)") != CanonicalQuery(parsing: "person(p), adult(p)"))
        #expect(try CanonicalQuery(parsing: #"grandparent(g, "Mateo")"#) != CanonicalQuery(parsing: #"grandparent("Mateo", g)"#))
    }
}

@Suite struct WeightsFileTests {
    let network = ParserNetwork(configuration: .tiny, seed: 3)
    let record = WeightsFile.TrainingRecord(seed: 3, steps: 0, batchSize: 1, finalLoss: 0, trainingAccuracy: 0)

    @Test func roundTripsExactly() throws {
        let data = try WeightsFile.encode(network, training: record)
        let (loaded, header) = try WeightsFile.decode(data, path: "tiny.weights")
        #expect(header.configuration == .tiny)
        #expect(header.training == record)
        #expect(loaded.store.tensors.map(\.values) == network.store.tensors.map(\.values))
    }

    @Test func refusesCorruptionWithTheReason() throws {
        var data = try WeightsFile.encode(network, training: record)
        var flipped = data
        flipped[flipped.count - 5] ^= 0x40
        #expect(reason(flipped).contains("SHA-256"))
        #expect(reason(data.prefix(data.count - 4)).contains("payload"))
        #expect(reason(Data("GGUF0000".utf8) + data.dropFirst(8)).contains("LEMMAMOE"))
        let field = try #require(data.range(of: Data(#""formatVersion":\#(WeightsFile.formatVersion)"#.utf8)))
        data[field.upperBound - 1] = UInt8(ascii: "9")
        #expect(reason(data).contains("format version 9"))
    }

    private func reason(_ data: Data) -> String {
        do {
            _ = try WeightsFile.decode(data, path: "x.weights")
            return "accepted"
        } catch {
            return error.description
        }
    }
}

@Suite struct TrainingTests {
    /// A tiny network trains in seconds; its loss must fall, and the same seed must give the same weights.
    @Test func tinyTrainingLearnsAndIsReproducible() {
        var plan = TrainingPlan()
        plan.configuration = .tiny
        plan.steps = 60
        plan.batchSize = 8
        plan.seed = 11
        var losses: [Double] = []
        let (network, record) = TrainingRun(plan: plan).run { losses.append($0.loss) }
        #expect(losses.count == 60)
        #expect(losses.suffix(5).reduce(0, +) < losses.prefix(5).reduce(0, +), "loss should fall: \(losses.prefix(5)) → \(losses.suffix(5))")
        #expect(record.steps == 60)
        plan.steps = 4
        let first = TrainingRun(plan: plan).run { _ in }.0
        let second = TrainingRun(plan: plan).run { _ in }.0
        #expect(first.store.tensors.map(\.values) == second.store.tensors.map(\.values))
        #expect(first.store.tensors.map(\.values) != network.store.tensors.map(\.values))
    }

    /// Whatever the weights, decoded readings only use candidate relations, their arity, and names whose types fit.
    @Test func untrainedReadingsAreStillWellFormed() throws {
        let network = ParserNetwork(configuration: .tiny, seed: 5)
        let parser = QuestionParser(network: network, schema: familySchema, names: InMemoryNameSearch(names: ["Mateo", "Juan"]))
        for question in ["Who are Mateo's grandparents?", "Is Juan older than 30?", "How many people are adults?", "Is Juan a grandparent of Matteo?"] {
            let parsed = try parser.parse(question)
            #expect(!parsed.readings.isEmpty)
            for reading in parsed.readings {
                for clause in reading.interpretation.clauses {
                    let relation = try #require(familySchema.relation(named: clause.relation))
                    #expect(clause.arguments.count == relation.arity)
                    for (slot, argument) in clause.arguments.enumerated() {
                        if case let .value(.symbol(name)) = argument {
                            #expect(familySchema.entityTypes[name]?.contains(relation.attributes[slot].typeName) == true)
                        }
                        if case .value(.number) = argument { #expect(relation.attributes[slot].isNumeric) }
                    }
                }
                #expect(reading.confidence >= 0 && reading.confidence <= 1)
            }
        }
    }
}

/// The decoder's own choices, on network outputs set by hand so that each test states exactly what the network
/// believed.
@Suite struct DecodingTests {
    let network = ParserNetwork(configuration: .tiny, seed: 2)
    static let trainees = RelationSchema(name: "trainees", attributes: [.init(name: "person", typeName: "Person", primitive: .symbol),
                                                                         .init(name: "count", typeName: "number", primitive: .number)],
                                         phrases: ["{person} has {count} trainees"])

    /// Outputs for one candidate: the sentence choices as near-certain logits, and per unit the tag probabilities.
    func output(_ question: LinkedQuestion, _ relation: RelationSchema, relevance: Float = 0, form: QuestionForm = .which,
                conjunction: Bool = false, comparison: ComparisonChoice = .none, askedSlot: Int?, tags: [Int: [Float]]) -> ParserNetwork.Output {
        var output = network.forward(SequenceBuilder.sequence(network.configuration, question, relation))
        var sentence = [Float](repeating: -20, count: SentenceHeads.width)
        sentence[SentenceHeads.relevance.lowerBound] = relevance
        sentence[SentenceHeads.form.lowerBound + QuestionForm.allCases.firstIndex(of: form)!] = 20
        sentence[SentenceHeads.negated.lowerBound] = 20
        sentence[SentenceHeads.conjunction.lowerBound + (conjunction ? 1 : 0)] = 20
        sentence[SentenceHeads.comparison.lowerBound + comparison.rawValue] = 20
        sentence[SentenceHeads.asked.lowerBound + (askedSlot.map { $0 + 1 } ?? 0)] = 20
        output.sentence = sentence
        output.tokens = question.units.indices.map { unit in
            tags[unit].map { probabilities in probabilities.map { log($0) } } ?? [0, -20, -20, -20]
        }
        return output
    }

    @Test func aNameTheNetworkDoubtedStillTakesItsSlotFirst() throws {
        let grandparent = try #require(familySchema.relation(named: "grandparent"))
        // "Who are Matteo's grandparents?" with the misspelt name judged more likely outside than in a slot.
        let question = LinkedQuestion(units: [.word("who"), .word("are"), .name(.symbol("Mateo"), typeNames: ["Person"], approximate: true),
                                              .word("grandparents")])
        let outputs = [output(question, grandparent, askedSlot: 0, tags: [2: [0.6, 0.01, 0.38, 0.01]])]
        let readings = InterpretationDecoder(question: question, candidates: [grandparent], outputs: outputs).readings()
        #expect(readings.map(\.interpretation.clauses) == [
            [.init(relation: "grandparent", arguments: [.asked, .value(.symbol("Mateo"))])],
            [.init(relation: "grandparent", arguments: [.asked, .free])],
        ])
        #expect(readings[0].confidence < readings[1].confidence, "the reading keeps the network's own, lower confidence")
    }

    @Test func onlyTheBoundedNumberIsCompared() throws {
        let age = try #require(familySchema.relation(named: "age"))
        // "Who has 26 trainees and is older than 54?"
        let question = LinkedQuestion(units: [.word("who"), .word("has"), .number(.number(26)), .word("trainees"), .word("and"), .word("is"),
                                              .word("older"), .word("than"), .number(.number(54))])
        #expect(question.units.indices.filter(question.isBoundedNumber) == [8])
        let outputs = [
            output(question, Self.trainees, relevance: 2, conjunction: true, comparison: .greater, askedSlot: 0,
                   tags: [2: [0.01, 0.01, 0.97, 0.01], 8: [0.6, 0.01, 0.38, 0.01]]),
            output(question, age, relevance: 1, conjunction: true, comparison: .greater, askedSlot: 0,
                   tags: [2: [0.6, 0.01, 0.38, 0.01], 8: [0.01, 0.01, 0.97, 0.01]]),
        ]
        let best = try #require(InterpretationDecoder(question: question, candidates: [Self.trainees, age], outputs: outputs).readings().first)
        #expect(best.interpretation.clauses == [
            .init(relation: "trainees", arguments: [.asked, .value(.number(26))]),
            .init(relation: "age", arguments: [.asked, .compared(.greater, .number(54))]),
        ])
    }

    @Test func boundsAreTheWordsAroundANumber() {
        let number = LinkedQuestion.Unit.number(.number(18))
        let phrasings: [([LinkedQuestion.Unit], Bool)] = [
            ([.word("under"), number], true), ([.word("at"), .word("least"), number], true), ([number, .word("or"), .word("older")], true),
            ([.word("no"), .word("more"), .word("than"), number], true), ([.word("has"), number, .word("trainees")], false),
            ([number, .word("or"), .word("bob")], false), ([.word("over"), .word("bob")], false),
        ]
        for (units, bounded) in phrasings {
            let question = LinkedQuestion(units: units)
            #expect(question.units.indices.contains(where: question.isBoundedNumber) == bounded, "\(units)")
        }
    }
}
