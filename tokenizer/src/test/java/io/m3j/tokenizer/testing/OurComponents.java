package io.m3j.tokenizer.testing;

import io.m3j.tokenizer.normalize.Normalizer;
import io.m3j.tokenizer.pretokenize.PreTokenizer;
import io.m3j.tokenizer.text.NormalizedString;

import java.util.ArrayList;
import java.util.List;

/** The m3j side of {@link HfComponents}: the same observations, in code points of the original. */
public final class OurComponents {
    private OurComponents() {
    }

    /** Each code point of the normalized text with the original range it is aligned to. */
    public static List<HfComponents.Piece> normalize(Normalizer normalizer, String text) {
        NormalizedString s = new NormalizedString(text);
        normalizer.normalize(s);
        int[] cp = codePointIndex(text);
        List<HfComponents.Piece> out = new ArrayList<>();
        String t = s.text();
        for (int i = 0; i < t.length(); ) {
            int n = Character.charCount(t.codePointAt(i));
            out.add(new HfComponents.Piece(t.substring(i, i + n), cp[s.originalStart(i, i + n)], cp[s.originalEnd(i, i + n)]));
            i += n;
        }
        return out;
    }

    /** The pre-tokens of {@code text} (not normalized) with their original ranges. */
    public static List<HfComponents.Piece> preTokenize(PreTokenizer preTokenizer, String text) {
        List<NormalizedString> pieces = new ArrayList<>();
        preTokenizer.preTokenize(new NormalizedString(text), pieces);
        int[] cp = codePointIndex(text);
        List<HfComponents.Piece> out = new ArrayList<>();
        for (NormalizedString p : pieces) {
            if (p.isEmpty()) continue; // Hugging Face's model never sees empty pieces
            out.add(new HfComponents.Piece(p.text(), cp[p.originalStart(0, p.length())], cp[p.originalEnd(0, p.length())]));
        }
        return out;
    }

    /** Code point index of every UTF-16 index of {@code s} (and of its end). */
    public static int[] codePointIndex(String s) {
        int[] idx = new int[s.length() + 1];
        int cp = 0;
        for (int i = 0; i < s.length(); i++) {
            idx[i] = cp;
            if (!(Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)))) cp++;
        }
        idx[s.length()] = cp;
        return idx;
    }
}
