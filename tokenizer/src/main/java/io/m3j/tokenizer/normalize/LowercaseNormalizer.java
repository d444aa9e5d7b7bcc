package io.m3j.tokenizer.normalize;

import io.m3j.tokenizer.text.NormalizedString;

/** Lowercases every character (context-free full case mapping, like Rust's {@code char::to_lowercase}). */
public record LowercaseNormalizer() implements Normalizer {
    @Override
    public void normalize(NormalizedString text) {
        text.lowercase();
    }
}
