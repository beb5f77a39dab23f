import LinearAlgebra

/// Pre-norm transformer block: x + Attention(Norm(x)), then + MixtureOfExperts(Norm(·)).
struct EncoderBlock: Sendable {
    struct Cache: Sendable {
        var attentionNorm: RMSNorm.Cache
        var attention: SelfAttention.Cache
        var expertNorm: RMSNorm.Cache
        var experts: MixtureOfExperts.Cache
    }

    let attentionNorm: RMSNorm
    let attention: SelfAttention
    let expertNorm: RMSNorm
    let experts: MixtureOfExperts

    init(_ name: String, configuration: ModelConfiguration, store: inout ParameterStore, random: inout SeededRandom) {
        attentionNorm = RMSNorm(name + ".attention_norm", width: configuration.width, store: &store)
        attention = SelfAttention(name + ".attention", width: configuration.width, heads: configuration.heads, store: &store, random: &random)
        expertNorm = RMSNorm(name + ".expert_norm", width: configuration.width, store: &store)
        experts = MixtureOfExperts(name + ".moe", width: configuration.width, hiddenWidth: configuration.expertHiddenWidth,
                                   experts: configuration.experts, capacityFactor: configuration.capacityFactor,
                                   balanceWeight: configuration.balanceWeight, store: &store, random: &random)
    }

    func forward(_ input: [Float], store: ParameterStore, backend: Backend) -> ([Float], Cache) {
        let (normed, normCache) = attentionNorm.forward(input, store: store)
        let (attended, attentionCache) = attention.forward(normed, store: store, backend: backend)
        var middle = input
        for index in middle.indices { middle[index] += attended[index] }
        let (normedMiddle, expertNormCache) = expertNorm.forward(middle, store: store)
        let (mixed, expertCache) = experts.forward(normedMiddle, store: store, backend: backend)
        var output = middle
        for index in output.indices { output[index] += mixed[index] }
        return (output, Cache(attentionNorm: normCache, attention: attentionCache, expertNorm: expertNormCache, experts: expertCache))
    }

    func backward(_ cache: Cache, outputGradient: [Float], store: inout ParameterStore, backend: Backend) -> [Float] {
        let dNormedMiddle = experts.backward(cache.experts, outputGradient: outputGradient, store: &store, backend: backend)
        var dMiddle = expertNorm.backward(cache.expertNorm, outputGradient: dNormedMiddle, store: &store)
        for index in dMiddle.indices { dMiddle[index] += outputGradient[index] }
        let dNormed = attention.backward(cache.attention, outputGradient: dMiddle, store: &store, backend: backend)
        var dInput = attentionNorm.backward(cache.attentionNorm, outputGradient: dNormed, store: &store)
        for index in dInput.indices { dInput[index] += dMiddle[index] }
        return dInput
    }
}
