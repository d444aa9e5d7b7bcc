package io.m3j.tokenizer.normalize;

import io.m3j.tokenizer.text.NormalizedString;

import java.util.List;

/** Applies normalizers one after the other. */
public record SequenceNormalizer(List<Normalizer> normalizers) implements Normalizer {
    public SequenceNormalizer {
        normalizers = List.copyOf(normalizers);
    }

    @Override
    public void normalize(NormalizedString text) {
        for (Normalizer n : normalizers) n.normalize(text);
    }
}
