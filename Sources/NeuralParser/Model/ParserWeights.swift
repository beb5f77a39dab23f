import Foundation

/// Finds and loads the parser's weights: a file given by the user, else the weights shipped as this module's
/// SwiftPM resource (copied next to the `lemma` executable as `Lemma_NeuralParser.resources`). The lookup is done
/// here rather than through the generated `Bundle.module`, which stops the process when the bundle is missing.
public enum ParserWeights {
    public static let resourceName = "parser.weights"
    static let bundleName = "Lemma_NeuralParser.resources"

    public static func load(path: String?) throws(ParseError) -> (network: ParserNetwork, header: WeightsFile.Header) {
        let location: String
        if let path {
            location = path
        } else if let shipped = shippedLocation(of: resourceName) {
            location = shipped
        } else {
            throw .invalidWeights(path: bundleName + "/" + resourceName,
                                  reason: "the shipped weights are not next to the executable; pass --model FILE (made by `lemma train`)")
        }
        guard let data = FileManager.default.contents(atPath: location) else { throw .unreadable(path: location) }
        return try WeightsFile.decode(data, path: location)
    }

    /// Where a resource of this module lies next to the executable, if it does.
    static func shippedLocation(of resource: String) -> String? {
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        let candidates = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent(), executable].map {
            $0.appendingPathComponent(bundleName).appendingPathComponent(resource).path
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }
}
