package io.m3j.tokenizer.pretokenize;

import io.m3j.tokenizer.text.NormalizedString;
import io.m3j.tokenizer.text.UnicodeProps;

import java.util.List;

/** Keeps runs of word characters and runs of other non-space characters ({@code \w+|[^\w\s]+}), drops white space. */
public record WhitespacePreTokenizer() implements PreTokenizer {
    @Override
    public void preTokenize(NormalizedString piece, List<NormalizedString> out) {
        String s = piece.text();
        Matches m = new Matches();
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            if (UnicodeProps.isWhitespace(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            boolean word = UnicodeProps.isWordChar(cp);
            int j = i;
            while (j < s.length()) {
                int c = s.codePointAt(j);
                if (UnicodeProps.isWhitespace(c) || UnicodeProps.isWordChar(c) != word) break;
                j += Character.charCount(c);
            }
            m.add(i, j);
            i = j;
        }
        m.split(piece, SplitBehavior.REMOVED, true, out);
    }
}
