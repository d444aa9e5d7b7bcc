package io.m3j.tokenizer.pretokenize;

import io.m3j.tokenizer.text.NormalizedString;
import io.m3j.tokenizer.text.UnicodeProps;

import java.util.List;

/** Isolates numeric characters: each on its own ({@code individualDigits}) or as runs. */
public record DigitsPreTokenizer(boolean individualDigits) implements PreTokenizer {
    @Override
    public void preTokenize(NormalizedString piece, List<NormalizedString> out) {
        Matches.ofChars(piece.text(), UnicodeProps::isNumeric)
                .split(piece, individualDigits ? SplitBehavior.ISOLATED : SplitBehavior.CONTIGUOUS, false, out);
    }
}
