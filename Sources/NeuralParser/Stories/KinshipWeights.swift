import Foundation

/// The kinship network's weights on disk, in the same container as the parser's (`TensorFile`) under the magic
/// "LEMMAKIN", and where the shipped ones are found.
public enum KinshipWeights {
    public static let magic = Array("LEMMAKIN".utf8)
    public static let formatVersion = 2
    public static let resourceName = "kinship.weights"

    public struct Header: Codable, Equatable, Sendable {
        public var formatVersion: Int
        public var configuration: KinshipNetwork.Configuration
        public var training: KinshipTraining.Record
        public var payloadSHA256: String
    }

    public static func encode(_ network: KinshipNetwork, training: KinshipTraining.Record) throws -> Data {
        try TensorFile.encode(network.store, magic: magic) { payloadSHA256 in
            Header(formatVersion: formatVersion, configuration: network.configuration, training: training, payloadSHA256: payloadSHA256)
        }
    }

    public static func decode(_ data: Data, path: String) throws(ParseError) -> (KinshipNetwork, Header) {
        let (header, payload) = try TensorFile.split(data, magic: magic, path: path, header: Header.self)
        guard header.formatVersion == formatVersion else {
            throw .invalidWeights(path: path, reason: "format version \(header.formatVersion), but this build reads version \(formatVersion)")
        }
        var network = KinshipNetwork.unfilled(header.configuration)
        try TensorFile.fill(&network.store, from: payload, sha256: header.payloadSHA256, path: path)
        return (network, header)
    }

    /// The reader at `path`, else the shipped one.
    public static func load(path: String?) throws(ParseError) -> KinshipReader {
        guard let location = path ?? ParserWeights.shippedLocation(of: resourceName) else {
            throw .invalidWeights(path: ParserWeights.bundleName + "/" + resourceName,
                                  reason: "the shipped weights are not next to the executable; pass --story-model FILE (made by `lemma train-stories`)")
        }
        guard let data = FileManager.default.contents(atPath: location) else { throw .unreadable(path: location) }
        return KinshipReader(network: try decode(data, path: location).0)
    }
}
