import Syntax
import Testing
@testable import NeuralParser

/// The theory grammar on the sentence forms of ProofWriter, PARARULE-Plus and ProntoQA, and on what it refuses.
@Suite struct TheoryReaderTests {
    /// The program lines a context reads to, without the pragma, declarations and phrases.
    func clauses(_ context: String, world: World = .open) throws -> [String] {
        let reader = TheoryReader(world: world)
        return reader.program(try reader.read(context: context)).split(separator: "\n").map(String.init).filter { !$0.hasPrefix(".") }
    }

    @Test func factsWithPropertiesRelationsAndNegation() throws {
        #expect(try clauses("The bald eagle is big. Bob is not red. The cat does not chase the dog. The bald eagle sees the mouse. Harry Potter is kind.") == [
            #"big("the bald eagle")."#, #"-red("Bob")."#, #"-chase("the cat", "the dog")."#, #"see("the bald eagle", "the mouse")."#,
            #"kind("Harry Potter")."#,
        ])
    }

    @Test func conditionalRules() throws {
        #expect(try clauses("If something is big and not red then it is kind.") == ["kind(X) :- big(X), -red(X)."])
        #expect(try clauses("If the cat chases the dog and the dog is red then the cat is kind.")
            == [#"kind("the cat") :- chase("the cat", "the dog"), red("the dog")."#])
        #expect(try clauses("If someone chases the cat then they are young.") == [#"young(X) :- chase(X, "the cat")."#])
        #expect(try clauses("If someone sees the cat and they are not green then they see the cow.")
            == [#"see(X, "the cow") :- see(X, "the cat"), -green(X)."#])
        #expect(try clauses("If someone sees the rabbit then they are not round.") == [#"-round(X) :- see(X, "the rabbit")."#])
        #expect(try clauses("If something is round and it chases the cat then the cat is big.") == [#"big("the cat") :- round(X), chase(X, "the cat")."#])
        #expect(try clauses("If someone is thin and little then they are short.") == ["short(X) :- thin(X), little(X)."])
        #expect(try clauses("If Dave is smart and Dave is kind then Dave is quiet.") == [#"quiet("Dave") :- smart("Dave"), kind("Dave")."#])
    }

    @Test func generalStatements() throws {
        #expect(try clauses("All big, red things are kind.") == ["kind(X) :- big(X), red(X)."])
        #expect(try clauses("Big things are kind.") == ["kind(X) :- big(X)."])
        #expect(try clauses("Red people are young.") == ["young(X) :- red(X)."])
        #expect(try clauses("All cute animals are beautiful.") == ["beautiful(X) :- cute(X)."])
        #expect(try clauses("Kind, smart people are not nice.") == ["-nice(X) :- kind(X), smart(X)."])
    }

    @Test func classStatementsInTheStyleOfProntoQA() throws {
        #expect(try clauses("Every tumpus is a wumpus. Each jompus is not sweet. Cats are mammals. Alex is a tumpus. Tumpuses are wumpuses.") == [
            #"tumpus("Alex")."#, "wumpus(X) :- tumpus(X).", "-sweet(X) :- jompus(X).", "mammal(X) :- cat(X).", "wumpus(X) :- tumpus(X).",
        ])
        let reader = TheoryReader(world: .open)
        let program = reader.program(try reader.read(context: "Every tumpus is a wumpus. Alex is a tumpus. Bob is sweet."))
        #expect(program.contains(#".phrase tumpus "{x} is a tumpus""#) && program.contains(#".phrase sweet "{x} is sweet""#))
    }

    @Test func theClosedWorldNegatesByFailureOverWhatTheTheoryNames() throws {
        let lines = try clauses("The dog is round. Bob is not red. If something is not round then it is fierce. If something is big and not red then it is kind.",
                                world: .closed)
        #expect(lines == [
            #"theory_thing("Bob")."#, #"theory_thing("the dog")."#, #"round("the dog")."#,
            "fierce(X) :- theory_thing(X), !round(X).", "kind(X) :- big(X), !red(X).",
        ], "a negated fact says nothing in the closed world; a rule whose variable occurs only under ! ranges over the named things")
        #expect(throws: TheoryError.self) { try TheoryReader(world: .closed).read(context: "If someone is big then they are not red.") }
    }

    @Test func statementsToDecide() throws {
        let reader = TheoryReader(world: .open)
        var theory = try reader.read(context: "The cat is big.")
        let atom = try reader.read(statement: "The cat is not furry.", into: &theory)
        #expect(atom.negated && reader.query(atom) == #"furry("the cat")"#)
        #expect(theory.relations["furry"]?.arity == 1, "a relation only the statement mentions is declared, so it can be asked")
        #expect(throws: TheoryError.self) { try reader.read(statement: "If the cat is big then it is kind.", into: &theory) }
    }

    /// Word soups from the grammar's own words never crash the reader: each is read or refused with a reason.
    @Test func arbitraryWordSoupsAreReadOrRefused() {
        let vocabulary = ["the", "The", "if", "If", "then", "and", "not", ",", "is", "are", "does", "do", "a", "all", "All", "every", "each",
                          "things", "people", "someone", "something", "they", "it", "Bob", "Anne", "cat", "dog", "big", "chases", "sees", "who", ""]
        var random = SeededRandom(seed: 5)
        for _ in 0..<3000 {
            let words = (0..<(1 + random.index(9))).map { _ in random.element(vocabulary) }
            let text = words.joined(separator: " ") + (random.index(2) == 0 ? "." : "")
            for world in [World.open, .closed] {
                do {
                    var theory = try TheoryReader(world: world).read(context: text)
                    _ = try? TheoryReader(world: world).read(statement: text, into: &theory)
                } catch {
                    #expect(!error.reason.isEmpty)
                }
            }
        }
    }

    @Test func anUnreadableSentenceIsReportedWithItsPosition() throws {
        let context = "Bob is big. colourless green ideas sleep furiously. Bob is red."
        do {
            _ = try TheoryReader(world: .open).read(context: context)
            Issue.record("an unreadable sentence was accepted")
        } catch {
            #expect(error.index == 1)
            #expect(error.offset == 12 && context.dropFirst(error.offset).hasPrefix("colourless"))
            #expect(error.description.contains("sentence 2") && error.description.contains("colourless"))
        }
        for broken in ["If Bob is big.", "If something is big then.", "The cat chases.", "Bob is.", "All things are."] {
            #expect(throws: TheoryError.self, "\(broken)") { try TheoryReader(world: .open).read(context: broken) }
        }
    }
}

@Suite struct ClassChainTheoryTests {
    @Test func problemsAreDeterminedByTheirSeedAndReadable() throws {
        let problems = ClassChainTheories(seed: 3).problems(count: 40)
        #expect(problems == ClassChainTheories(seed: 3).problems(count: 40))
        #expect(problems != ClassChainTheories(seed: 4).problems(count: 40))
        #expect(Set(problems.map(\.depth)) == [3, 4, 5] && Set(problems.map(\.answer)) == ["true", "false"])
        let reader = TheoryReader(world: .open)
        for problem in problems {
            var theory = try reader.read(context: problem.context)
            _ = try reader.read(statement: problem.statement, into: &theory)
            #expect(theory.rules.count == problem.depth + 4, "\(problem.context)")
        }
    }
}

@Suite struct StoryReaderTests {
    func statements(_ story: String) -> Set<String> {
        Set(StoryReader().read(story).statements.map { "\($0.relative) is \($0.person)'s \($0.kin)" })
    }

    @Test func theCommonPatternsOfKinship() {
        #expect(statements("[Dorothy]'s brother [Michael] and her went to get ice cream. [Michael] is the proud father of the lovely [Donald]")
            == ["Michael is Dorothy's brother", "Michael is Donald's father"])
        #expect(statements("[Alma] helped her brother [James] look for him.") == ["James is Alma's brother"])
        #expect(statements("[Jason], [Dorothy]'s father, was coming over.") == ["Jason is Dorothy's father"])
        #expect(statements("[Paul] loved his mother, [Michelle].") == ["Michelle is Paul's mother"])
        #expect(statements("[Lisa] went shopping with her son. His name is [Joe].") == ["Joe is Lisa's son"])
        #expect(statements("[Michael] 'wife [Michelle] went with him to a cruise.") == ["Michelle is Michael's wife"])
        #expect(statements("[Gabrielle] the wife of [Jason] was excited.") == ["Gabrielle is Jason's wife"])
    }

    @Test func pronounsTellTheSexOfWhoseKinItIs() {
        let story = StoryReader().read("[Alma] helped her brother [James]. [Tom] took his daughter [Ann] out.")
        #expect(story.sexes == ["Alma": "female", "James": "male", "Tom": "male", "Ann": "female"])
        #expect(story.people == ["Alma", "James", "Tom", "Ann"])
    }

    @Test func aSentenceWithoutAKinshipWordStatesNothing() {
        #expect(statements("[Christopher] and [Jeffrey] are at a bar waiting for their drinks.").isEmpty)
        #expect(statements("").isEmpty && statements("[Unclosed and her son").isEmpty)
    }
}
