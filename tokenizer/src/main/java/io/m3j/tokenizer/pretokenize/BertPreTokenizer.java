package io.m3j.tokenizer.pretokenize;

import io.m3j.tokenizer.text.NormalizedString;
import io.m3j.tokenizer.text.UnicodeProps;

import java.util.List;

/** Splits on white space (dropped), then isolates every punctuation character. */
public record BertPreTokenizer() implements PreTokenizer {
    @Override
    public void preTokenize(NormalizedString piece, List<NormalizedString> out) {
        String s = piece.text();
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int n = Character.charCount(cp);
            if (UnicodeProps.isWhitespace(cp)) {
                i += n;
            } else if (UnicodeProps.isBertPunctuation(cp)) {
                out.add(piece.slice(i, i + n));
                i += n;
            } else {
                int j = i + n;
                while (j < s.length()) {
                    int c = s.codePointAt(j);
                    if (UnicodeProps.isWhitespace(c) || UnicodeProps.isBertPunctuation(c)) break;
                    j += Character.charCount(c);
                }
                out.add(piece.slice(i, j));
                i = j;
            }
        }
    }
}
