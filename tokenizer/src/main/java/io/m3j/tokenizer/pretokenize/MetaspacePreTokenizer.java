package io.m3j.tokenizer.pretokenize;

import io.m3j.tokenizer.text.NormalizedString;

import java.util.List;

/**
 * SentencePiece-style spaces: replaces ' ' with {@code replacement} (▁), prepends it according to
 * {@code prependScheme}, and (if {@code split}) cuts before every replacement character.
 */
public record MetaspacePreTokenizer(char replacement, PrependScheme prependScheme, boolean split) implements PreTokenizer {

    /** When to put a replacement character in front of a piece that does not start with one. */
    public enum PrependScheme {
        ALWAYS,
        /** Only for the piece that starts the original text. */
        FIRST,
        NEVER
    }

    @Override
    public void preTokenize(NormalizedString piece, List<NormalizedString> out) {
        String rep = String.valueOf(replacement);
        piece.replaceLiteral(" ", rep);
        boolean startsWithRep = !piece.isEmpty() && piece.text().charAt(0) == replacement;
        boolean prepend = switch (prependScheme) {
            case ALWAYS -> !startsWithRep;
            case FIRST -> !startsWithRep && piece.originalFrom() == 0;
            case NEVER -> false;
        };
        if (prepend) piece.prepend(rep);
        if (split) {
            Matches.ofLiteral(piece.text(), rep).split(piece, SplitBehavior.MERGED_WITH_NEXT, false, out);
        } else if (!piece.isEmpty()) {
            out.add(piece);
        }
    }
}
