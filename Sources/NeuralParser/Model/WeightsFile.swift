import Foundation
import KnowledgeGraph

/// The parser's weights on disk:
///
///     "LEMMAMOE"                      8 bytes
///     header length                   UInt32, little-endian
///     header                          JSON: format version, hyper-parameters, tensor names and shapes,
///                                     how it was trained, and the SHA-256 of the payload
///     payload                         every tensor's Float32 values, little-endian, in header order
///
/// Everything is checked on load: a file from another format version, a truncated download or a flipped bit is
/// refused with the reason, never half-loaded.
public enum WeightsFile {
    public static let magic = Array("LEMMAMOE".utf8)
    public static let formatVersion = 2

    public struct Header: Codable, Equatable, Sendable {
        public struct TensorShape: Codable, Equatable, Sendable {
            public var name: String
            public var shape: [Int]
        }

        public var formatVersion: Int
        public var configuration: ModelConfiguration
        public var tensors: [TensorShape]
        public var training: TrainingRecord
        public var payloadSHA256: String
    }

    /// How a weights file was made, so `lemma train` with the same record reproduces it.
    public struct TrainingRecord: Codable, Equatable, Sendable {
        public var seed: UInt64
        public var steps: Int
        public var batchSize: Int
        public var finalLoss: Double
        public var trainingAccuracy: Double

        public init(seed: UInt64, steps: Int, batchSize: Int, finalLoss: Double, trainingAccuracy: Double) {
            self.seed = seed
            self.steps = steps
            self.batchSize = batchSize
            self.finalLoss = finalLoss
            self.trainingAccuracy = trainingAccuracy
        }
    }

    public static func encode(_ network: ParserNetwork, training: TrainingRecord) throws -> Data {
        try TensorFile.encode(network.store, magic: magic) { payloadSHA256 in
            Header(formatVersion: formatVersion, configuration: network.configuration,
                   tensors: network.store.tensors.map { Header.TensorShape(name: $0.name, shape: $0.shape) },
                   training: training, payloadSHA256: payloadSHA256)
        }
    }

    public static func decode(_ data: Data, path: String) throws(ParseError) -> (ParserNetwork, Header) {
        let (header, payload) = try TensorFile.split(data, magic: magic, path: path, header: Header.self)
        guard header.formatVersion == formatVersion else {
            throw .invalidWeights(path: path, reason: "format version \(header.formatVersion), but this build reads version \(formatVersion)")
        }
        var network = ParserNetwork.unfilled(header.configuration)
        let expected = network.store.tensors.map { Header.TensorShape(name: $0.name, shape: $0.shape) }
        guard header.tensors == expected else { throw .invalidWeights(path: path, reason: "its tensors do not match the hyper-parameters in its header") }
        try TensorFile.fill(&network.store, from: payload, sha256: header.payloadSHA256, path: path)
        return (network, header)
    }
}

/// The container both networks' weights are stored in: an 8-byte magic, a little-endian UInt32 header length, a JSON
/// header that carries the payload's SHA-256, then every tensor's Float32 values, little-endian, in store order.
enum TensorFile {
    static func encode<Header: Encodable>(_ store: ParameterStore, magic: [UInt8], header: (_ payloadSHA256: String) -> Header) throws -> Data {
        var payload = Data(capacity: store.parameterCount * 4)
        for tensor in store.tensors {
            for value in tensor.values { withUnsafeBytes(of: value.bitPattern.littleEndian) { payload.append(contentsOf: $0) } }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let headerBytes = try encoder.encode(header(sha256(payload)))
        var file = Data(magic)
        withUnsafeBytes(of: UInt32(headerBytes.count).littleEndian) { file.append(contentsOf: $0) }
        file.append(headerBytes)
        file.append(payload)
        return file
    }

    /// The header and the payload, once the magic and the header's shape are checked.
    static func split<Header: Decodable>(_ data: Data, magic: [UInt8], path: String, header: Header.Type) throws(ParseError) -> (Header, Data) {
        let bytes = [UInt8](data.prefix(magic.count + 4))
        func fail(_ reason: String) -> ParseError { .invalidWeights(path: path, reason: reason) }
        guard bytes.count >= magic.count + 4, Array(bytes[0..<magic.count]) == magic else {
            throw fail("it does not start with \"\(String(decoding: magic, as: UTF8.self))\"")
        }
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
        let payloadStart = 12 + headerLength
        guard payloadStart <= data.count else { throw fail("the header claims \(headerLength) bytes but the file has \(data.count)") }
        do {
            let decoded = try JSONDecoder().decode(Header.self, from: data[(data.startIndex + 12)..<(data.startIndex + payloadStart)])
            return (decoded, data[(data.startIndex + payloadStart)...])
        } catch {
            throw fail("the header is not valid JSON of the expected shape (\(error))")
        }
    }

    /// Fills every tensor of `store` from the payload, after checking its size and its SHA-256.
    static func fill(_ store: inout ParameterStore, from payload: Data, sha256 expected: String, path: String) throws(ParseError) {
        guard payload.count == store.parameterCount * 4 else {
            throw .invalidWeights(path: path, reason: "the payload has \(payload.count) bytes, expected \(store.parameterCount * 4)")
        }
        guard sha256(payload) == expected else { throw .invalidWeights(path: path, reason: "the payload's SHA-256 does not match the header (corrupted file)") }
        var values: [[Float]] = []
        var offset = payload.startIndex
        for tensor in store.tensors {
            var tensorValues = [Float](repeating: 0, count: tensor.count)
            tensorValues.withUnsafeMutableBytes { target in
                _ = payload.copyBytes(to: target, from: offset..<(offset + tensor.count * 4))
            }
            if UInt32(littleEndian: 1) != 1 {
                tensorValues = tensorValues.map { Float(bitPattern: UInt32(littleEndian: $0.bitPattern)) }
            }
            values.append(tensorValues)
            offset += tensor.count * 4
        }
        store.setValues(values)
    }

    static func sha256(_ data: Data) -> String {
        var hasher = SHA256()
        hasher.update(data)
        return hasher.finalize()
    }
}
