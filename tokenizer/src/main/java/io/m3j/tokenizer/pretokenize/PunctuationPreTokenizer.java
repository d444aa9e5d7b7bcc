package io.m3j.tokenizer.pretokenize;

import io.m3j.tokenizer.text.NormalizedString;
import io.m3j.tokenizer.text.UnicodeProps;

import java.util.List;

/** Splits on each punctuation character (ASCII or Unicode P*) with the given behavior. */
public record PunctuationPreTokenizer(SplitBehavior behavior) implements PreTokenizer {
    @Override
    public void preTokenize(NormalizedString piece, List<NormalizedString> out) {
        Matches.ofChars(piece.text(), UnicodeProps::isBertPunctuation).split(piece, behavior, false, out);
    }
}
