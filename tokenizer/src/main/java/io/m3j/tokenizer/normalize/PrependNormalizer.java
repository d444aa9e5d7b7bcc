package io.m3j.tokenizer.normalize;

import io.m3j.tokenizer.text.NormalizedString;

/** Puts {@code prefix} in front of any non-empty text (Llama-style {@code ▁}). */
public record PrependNormalizer(String prefix) implements Normalizer {
    @Override
    public void normalize(NormalizedString text) {
        if (!text.isEmpty()) text.prepend(prefix);
    }
}
