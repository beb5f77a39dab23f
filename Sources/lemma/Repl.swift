import ArgumentParser
import Server

extension LemmaCommand {
    struct Repl: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "placeholder")
        func run() throws {}
    }
}
