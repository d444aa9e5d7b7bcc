package io.m3j.tokenizer.normalize;

import io.m3j.tokenizer.text.NormalizedString;

/** Removes leading ({@code left}) and/or trailing ({@code right}) Unicode white space. */
public record StripNormalizer(boolean left, boolean right) implements Normalizer {
    @Override
    public void normalize(NormalizedString text) {
        text.strip(left, right);
    }
}
