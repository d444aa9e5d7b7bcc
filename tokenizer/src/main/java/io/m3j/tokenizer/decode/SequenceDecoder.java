package io.m3j.tokenizer.decode;

import java.util.List;

/** Decoders applied one after the other. */
public record SequenceDecoder(List<Decoder> decoders) implements Decoder {
    public SequenceDecoder {
        decoders = List.copyOf(decoders);
    }

    @Override
    public List<String> decodeChain(List<String> tokens) {
        for (Decoder d : decoders) tokens = d.decodeChain(tokens);
        return tokens;
    }
}
