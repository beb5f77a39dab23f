import Testing
@testable import Syntax

@Suite struct NestingTests {
    /// Hostile input must get a diagnostic, not overflow the parser's stack.
    @Test(arguments: ["(", "-"])
    func deeplyNestedInputIsAnErrorNotACrash(opener: String) {
        let depth = 100_000
        let closer = opener == "(" ? ")" : ""
        let text = ".decl p(x: number)\np(" + String(repeating: opener, count: depth) + "1" + String(repeating: closer, count: depth) + ").\n"
        let loaded = ProgramLoader.parse(text: text, file: "deep.dl")
        let error = loaded.diagnostics.first { $0.severity == .error }
        #expect(error?.message.contains("nested more than 256 levels") == true)
        #expect(error?.location?.line == 2)
    }
}
