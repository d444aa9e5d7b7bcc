package io.m3j.tokenizer.pretokenize;

import io.m3j.tokenizer.text.NormalizedString;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Splits on a literal string or a regex with the given behavior; with {@code invert} the matches
 * are the pieces and what lies between them the delimiters. Exactly one of {@code literal} and
 * {@code regex} is non-null.
 */
public record SplitPreTokenizer(String literal, Pattern regex, SplitBehavior behavior, boolean invert)
        implements PreTokenizer {
    @Override
    public void preTokenize(NormalizedString piece, List<NormalizedString> out) {
        Matches m = literal != null ? Matches.ofLiteral(piece.text(), literal) : Matches.ofRegex(piece.text(), regex);
        m.split(piece, behavior, invert, out);
    }
}
