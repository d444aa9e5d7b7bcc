package io.m3j.tokenizer.normalize;

import io.m3j.tokenizer.text.NormalizedString;
import io.m3j.tokenizer.text.UnicodeProps;

/**
 * Removes non-spacing marks (general category Mn). Like Hugging Face's StripAccents it does not
 * decompose first: put an NFD/NFKD normalizer before it to strip accents of precomposed letters.
 */
public record StripAccentsNormalizer() implements Normalizer {
    @Override
    public void normalize(NormalizedString text) {
        text.filter(cp -> !UnicodeProps.isNonSpacingMark(cp));
    }
}
