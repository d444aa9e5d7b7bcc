package io.m3j.tokenizer.pretokenize;

import io.m3j.tokenizer.text.NormalizedString;

import java.util.List;

/** Splits on Unicode white space, dropping it. */
public record WhitespaceSplitPreTokenizer() implements PreTokenizer {
    @Override
    public void preTokenize(NormalizedString piece, List<NormalizedString> out) {
        Matches.ofWhitespace(piece.text()).split(piece, SplitBehavior.REMOVED, false, out);
    }
}
