package io.m3j.tokenizer.normalize;

import io.m3j.tokenizer.text.NormalizedString;

/** One of the Unicode normalization forms NFC, NFD, NFKC, NFKD. */
public record UnicodeNormalizer(java.text.Normalizer.Form form) implements Normalizer {
    @Override
    public void normalize(NormalizedString text) {
        text.unicodeNormalize(form);
    }
}
