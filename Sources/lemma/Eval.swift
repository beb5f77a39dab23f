import ArgumentParser
import Foundation
import Lemma
import NeuralParser
import Syntax

extension LemmaCommand {
    struct Eval: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure the question parser on questions with known queries, or the theory reader on reasoning data sets.",
            discussion: """
                QUESTIONS.jsonl has one object per line: {"question": ..., "query": ..., "form": ..., "knowledge": ...}
                ("form" and "knowledge" optional). Reports exact-query accuracy (equal up to variable names and literal
                order), answer accuracy, accuracy by form, form confusions, calibration and parse latency.

                A file of theories (ProofWriter, PARARULE-Plus, ProntoQA style) has one object per line: {"id": ...,
                "context": ..., "question": ..., "answer": "true"|"false"|"unknown", "depth": ...}. Each theory is read,
                the statement is decided with a certified proof, and the report gives accuracy overall and per depth,
                the share of certified answers, unreadable items (answered "unknown") and time per item.

                Examples:
                  lemma eval Tests/LemmaTests/Fixtures/questions/shipped.jsonl
                  lemma eval ../shared/datasets/proofwriter-owa-d5/dev.jsonl --predictions out.jsonl
                  lemma eval ../shared/datasets/pararule-plus/dev.jsonl --world closed

                A file of kinship stories (CLUTRR style) has one object per line: {"id": ..., "story": ..., "query":
                [person, relative], "answer": ..., "k": ...}; the report gives accuracy per chain length k. With
                --story-chains N, held-out stories are joined into N stories for each k from 2 to 10.
                  lemma eval ../shared/datasets/clutrr/train.jsonl --story-chains 200
                """
        )

        @OptionGroup var knowledgeOptions: KnowledgeOptions
        @OptionGroup var modelOptions: ModelOptions

        @Option(help: "Output format.")
        var format: OutputFormat = .text

        @Option(help: "List at most N misparsed questions (text).")
        var misses: Int = 20

        @Option(help: "Instead of a file, measure N generated questions over held-out vocabularies, with expert routing.")
        var heldOut: Int?

        @Option(help: "Instead of a file, decide N generated theories in the style of ProntoQA: chains of 3 to 5 class statements over invented class nouns.")
        var classChains: Int?

        @Option(help: "For kinship stories: instead of the file's stories, measure N stories for each k from 2 to 10, made by joining the file's held-out stories end to end.")
        var storyChains: Int?

        @Option(help: "Seed of the held-out questions, of the generated theories or of the joined stories.")
        var seed: UInt64 = 7

        @Option(help: "For theories: read \"not\" and unknown statements in the open world (classical negation; unknown is an answer) or the closed world (what does not follow is false).")
        var world: World = .open

        @Option(help: "For theories: write one {\"id\", \"prediction\", \"certified\"} object per line, in input order.")
        var predictions: String?

        @Flag(help: "Measure `ask` end to end, as a user meets it: each question answered right, refused, or answered wrong, per group, with the confidence threshold swept. Lines may add \"group\" and \"refuse\": [reasons].")
        var honesty = false

        @Option(help: "With --honesty: the confidence threshold to report at.")
        var threshold: Double = AskService.defaultConfidenceThreshold

        @Argument(help: "A JSON Lines file of questions or of theories.")
        var questions: String?

        func validate() throws {
            if questions == nil, heldOut == nil, classChains == nil { throw ValidationError("give a QUESTIONS.jsonl file, --held-out N or --class-chains N") }
        }

        func run() throws {
            if let heldOut {
                do {
                    print(HeldOutReport(network: try modelOptions.network(), sentences: heldOut, seed: seed, missesShown: misses).text)
                } catch {
                    throw ExitCode(Output.fail(error, format: .text))
                }
                return
            }
            if let classChains {
                let items = ClassChainTheories(seed: seed).problems(count: classChains).map {
                    TheoryEvaluation.Item(id: $0.id, context: $0.context, question: $0.statement, answer: $0.answer, depth: $0.depth)
                }
                do {
                    try evaluateTheories(items)
                } catch {
                    throw ExitCode(Output.fail(error, format: format))
                }
                return
            }
            guard let questions else { return }
            do {
                guard let data = FileManager.default.contents(atPath: questions) else {
                    throw LemmaError.parse(.unreadable(path: questions))
                }
                let text = String(decoding: data, as: UTF8.self)
                if Self.firstObject(of: text)?["story"] != nil {
                    var items = try StoryEvaluation.items(fromJSONLines: text, file: questions)
                    if let storyChains { items = StoryChains(seed: seed).stories(from: items, lengths: 2...10, count: storyChains) }
                    let (stories, decided) = try StoryEvaluation(service: StoryService(model: modelOptions.storyModel)).evaluate(items)
                    try report(stories, predictions: decided)
                    return
                }
                if Self.holdsTheories(text) {
                    try evaluateTheories(text, file: questions)
                    return
                }
                if honesty {
                    let cases = try HonestyEvaluation.cases(fromJSONLines: text, file: questions)
                    let service = AskService(queryService: QueryService(locator: knowledgeOptions.locator), network: try modelOptions.network(),
                                             confidenceThreshold: threshold)
                    let report = try HonestyEvaluation(askService: service).evaluate(cases, knowledge: knowledgeOptions.knowledge)
                    print(format == .json ? Output.json(report) : HonestyReportText(report: report, misses: misses).text)
                    return
                }
                let cases = try EvaluationService.cases(fromJSONLines: text, file: questions)
                let clock = ContinuousClock()
                let start = clock.now
                let network = try modelOptions.network()
                let loaded = clock.now - start
                let service = EvaluationService(askService: AskService(queryService: QueryService(locator: knowledgeOptions.locator), network: network))
                let report = try service.evaluate(cases, knowledge: knowledgeOptions.knowledge)
                switch format {
                case .json: print(Output.json(report))
                case .text:
                    print(Self.text(report, misses: misses))
                    print("Model load: \(String(format: "%.1f", Double(loaded.components.attoseconds) / 1e15 + Double(loaded.components.seconds) * 1000)) ms")
                }
            } catch let error as LemmaError {
                throw ExitCode(Output.fail(error, format: format))
            }
        }

        /// Whether the file's first object has a "context": a theory to reason over rather than a question to parse.
        static func holdsTheories(_ text: String) -> Bool {
            firstObject(of: text)?["context"] != nil
        }

        static func firstObject(of text: String) -> [String: Any]? {
            guard let line = text.split(separator: "\n").first else { return nil }
            return try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        }

        private func evaluateTheories(_ text: String, file: String) throws(LemmaError) {
            try evaluateTheories(try TheoryEvaluation.items(fromJSONLines: text, file: file))
        }

        private func evaluateTheories(_ items: [TheoryEvaluation.Item]) throws(LemmaError) {
            let evaluation = TheoryEvaluation(service: TheoryService(world: world))
            let (report, decided) = try evaluation.evaluate(items)
            try self.report(report, predictions: decided)
        }

        private func report(_ report: TheoryEvaluation.Report, predictions decided: [TheoryEvaluation.Prediction]) throws(LemmaError) {
            if let path = predictions {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                let lines = decided.map { String(decoding: (try? encoder.encode($0)) ?? Data(), as: UTF8.self) }
                guard FileManager.default.createFile(atPath: path, contents: Data((lines.joined(separator: "\n") + "\n").utf8)) else {
                    throw .parse(.unreadable(path: path))
                }
            }
            switch format {
            case .json: print(Output.json(report))
            case .text: print(Self.text(report))
            }
        }

        static func text(_ report: TheoryEvaluation.Report) -> String {
            func percent(_ value: Double) -> String { String(format: "%.2f%%", value * 100) }
            func share(_ part: Int, _ whole: Int) -> String { whole == 0 ? "none" : "\(part)/\(whole) (\(percent(Double(part) / Double(whole))))" }
            var lines = [
                "Items: \(report.overall.total)" + (report.world.map { " (\($0) world)" } ?? ""),
                "Accuracy: \(report.overall.correct)/\(report.overall.total) (\(percent(report.overall.accuracy)))",
                report.world == nil ? "By chain length k:" : "By depth:",
            ]
            // Numerically where the keys are numbers: k = 10 after k = 9.
            for (depth, score) in report.byDepth.sorted(by: { (Int($0.key) ?? .max, $0.key) < (Int($1.key) ?? .max, $1.key) }) {
                lines.append("  \(depth): \(score.correct)/\(score.total) (\(percent(score.accuracy)))")
            }
            lines.append("Confusions (expected → predicted):")
            for (expected, predicted) in report.confusion.sorted(by: { $0.key < $1.key }) {
                lines.append("  \(expected): " + predicted.sorted(by: { $0.key < $1.key }).map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            }
            lines.append("Certified: answers \(share(report.decidedCertified, report.decided)), unknown answers \(share(report.unknownCertified, report.unknown))")
            lines.append("Time per item: " + ["p50", "mean", "p99", "max"].compactMap { key in report.milliseconds[key].map { "\(key) \(String(format: "%.1f", $0)) ms" } }.joined(separator: ", "))
            lines.append("Unreadable items (answered unknown): \(report.unreadable.count)")
            for failure in report.unreadable.prefix(20) { lines.append("  \(failure.id): \(failure.error)") }
            return lines.joined(separator: "\n")
        }

        static func text(_ report: EvaluationService.Report, misses: Int) -> String {
            func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
            var lines = [
                "Questions: \(report.total)",
                "Exact query: \(report.exact) (\(percent(report.exactAccuracy)))",
                "Right answer: \(report.answeredRight) (\(percent(report.answerAccuracy)))",
                "Below the confidence threshold: \(report.unsure)",
                "Calibration error (ECE, 10 bins): \(String(format: "%.3f", report.calibrationError))",
                "Parse latency: " + ["p50", "p90", "p99", "max"].compactMap { key in report.parseMilliseconds[key].map { "\(key) \(String(format: "%.2f", $0)) ms" } }.joined(separator: ", "),
                "By form:",
            ]
            for (form, score) in report.byForm.sorted(by: { $0.key < $1.key }) {
                lines.append("  \(form): \(score.exact)/\(score.total) (\(percent(score.accuracy)))")
            }
            if !report.formConfusions.isEmpty {
                lines.append("Form confusions (expected → parsed):")
                for (expected, parsed) in report.formConfusions.sorted(by: { $0.key < $1.key }) {
                    for (form, count) in parsed.sorted(by: { $0.key < $1.key }) { lines.append("  \(expected) → \(form): \(count)") }
                }
            }
            if !report.misses.isEmpty, misses > 0 {
                lines.append("Misparsed:")
                for miss in report.misses.prefix(misses) {
                    lines.append("  \(miss.question)\n    expected \(miss.expected)\n    got      \(miss.got ?? "(nothing)") at \(percent(miss.confidence))")
                }
            }
            return lines.joined(separator: "\n")
        }
    }
}
