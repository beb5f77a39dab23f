import Foundation
import Fuzzing

/// The harness libFuzzer drives, made on first use; the target comes from `LEMMA_FUZZ_TARGET`.
nonisolated(unsafe) private var libFuzzerHarness: (harness: FuzzHarness, target: FuzzTarget)?

/// libFuzzer's entry point, when built with `-sanitize=fuzzer -DLIBFUZZER`: a violated invariant aborts, so libFuzzer
/// saves the input that caused it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    if libFuzzerHarness == nil {
        let name = ProcessInfo.processInfo.environment["LEMMA_FUZZ_TARGET"] ?? "rules"
        guard let target = FuzzTarget(rawValue: name) else { fatalError("LEMMA_FUZZ_TARGET must be one of \(FuzzTarget.allCases.map(\.rawValue)), not \(name)") }
        do {
            libFuzzerHarness = (try FuzzHarness(), target)
        } catch {
            fatalError("cannot load the harness: \(error)")
        }
    }
    let (harness, target) = libFuzzerHarness!
    if let problem = harness.violation(of: target, on: Array(UnsafeBufferPointer(start: data, count: size))) {
        fatalError("\(target): \(problem)")
    }
    return 0
}

#if LIBFUZZER
@_silgen_name("LLVMFuzzerRunDriver")
private func runLibFuzzer(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                          _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

/// SwiftPM links an executable's entry point under the name `lemma_fuzz_main`; under libFuzzer it hands the command
/// line to libFuzzer's driver.
@_cdecl("lemma_fuzz_main")
public func libFuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runLibFuzzer(&count, &arguments) { data, size in fuzzOneInput(data, size) }
}
#else
/// Without libFuzzer: a deterministic campaign of mutated inputs, `lemma-fuzz TARGET [ITERATIONS] [SEED]`.
@main
struct FuzzCommand {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(Data("usage: lemma-fuzz \(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")) [ITERATIONS] [SEED]\n".utf8))
            exit(2)
        }
        let iterations = arguments.dropFirst().first.flatMap(Int.init) ?? 10_000
        let seed = arguments.dropFirst(2).first.flatMap(UInt64.init) ?? 1
        let harness: FuzzHarness
        do {
            harness = try FuzzHarness()
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            exit(1)
        }
        let report = FuzzCampaign(target: target, iterations: iterations, seed: seed).run(with: harness)
        print("\(target): \(report.inputs) inputs in \(report.elapsed), slowest \(report.slowest), \(report.findings.count) findings")
        for finding in report.findings.prefix(20) { print("  \(finding)") }
        exit(report.findings.isEmpty ? 0 : 1)
    }
}
#endif
