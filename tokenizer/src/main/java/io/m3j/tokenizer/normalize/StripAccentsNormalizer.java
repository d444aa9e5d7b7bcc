package io.m3j.tokenizer.normalize;

import io.m3j.tokenizer.text.NormalizedString;
import io.m3j.tokenizer.text.UnicodeProps;

/**
 * Removes combining marks (general categories Mn, Mc and Me, as Hugging Face's StripAccents does;
 * BertNormalizer's accent stripping removes Mn only). It does not decompose first: put an NFD/NFKD
 * normalizer before it to strip accents of precomposed letters.
 */
public record StripAccentsNormalizer() implements Normalizer {
    @Override
    public void normalize(NormalizedString text) {
        text.filter(cp -> !UnicodeProps.isCombiningMark(cp));
    }
}
