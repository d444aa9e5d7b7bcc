package io.m3j.tokenizer.normalize;

import io.m3j.tokenizer.text.NormalizedString;

/** Rewrites text before pre-tokenization (Hugging Face "normalizer"). Implementations are immutable. */
public interface Normalizer {

    void normalize(NormalizedString text);

    /** Normalizes a plain string (used for added tokens whose {@code normalized} flag is set). */
    default String normalize(String text) {
        NormalizedString s = new NormalizedString(text);
        normalize(s);
        return s.text();
    }
}
