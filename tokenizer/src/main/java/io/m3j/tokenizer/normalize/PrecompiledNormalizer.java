package io.m3j.tokenizer.normalize;

import io.m3j.tokenizer.spm.PrecompiledCharsMap;
import io.m3j.tokenizer.text.NormalizedString;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hugging Face's {@code Precompiled} normalizer (the spm_precompiled crate): SentencePiece's
 * compiled character map applied per extended grapheme cluster. A cluster shorter than 6 UTF-8
 * bytes is replaced as a whole if the map has any key that is a prefix of it (the FIRST, shortest,
 * common-prefix match, whose replacement then stands for the whole cluster); otherwise each code
 * point is looked up the same way on its own. This differs from SentencePiece's own normalizer
 * (longest match over the raw bytes), which is why it is not {@code SentencePieceNormalizer}.
 */
public final class PrecompiledNormalizer implements Normalizer {
    private static final Pattern GRAPHEME = Pattern.compile("\\X");

    private final PrecompiledCharsMap map;
    /** firstMatch of each single ASCII byte, precomputed: the common case. */
    private final long[] asciiMatch = new long[128];

    public PrecompiledNormalizer(PrecompiledCharsMap map) {
        this.map = map;
        byte[] one = new byte[1];
        for (int b = 0; b < 128; b++) {
            one[0] = (byte) b;
            asciiMatch[b] = map.firstMatch(one, 0, 1);
        }
    }

    @Override
    public void normalize(NormalizedString text) {
        String s = text.text();
        if (s.isEmpty() || map.isEmpty()) return;
        NormalizedString.Editor ed = text.edit();
        byte[] buf = new byte[64];
        Matcher m = GRAPHEME.matcher(s);
        int pos = 0;
        while (pos < s.length()) {
            int end = m.find(pos) ? m.end() : s.length();
            if (end <= pos) end = pos + Character.charCount(s.codePointAt(pos));
            if (end == pos + 1 && s.charAt(pos) < 0x80) { // one ASCII character
                long match = asciiMatch[s.charAt(pos)];
                if (match != 0) ed.emit(map.replacement((int) match), pos, end);
                else ed.copy(pos, end);
                pos = end;
                continue;
            }
            int len = utf8Length(s, pos, end);
            if (len < 6) {
                if (buf.length < len) buf = new byte[len];
                encode(s, pos, end, buf);
                long match = map.firstMatch(buf, 0, len);
                if (match != 0) {
                    ed.emit(map.replacement((int) match), pos, end);
                    pos = end;
                    continue;
                }
            }
            for (int i = pos; i < end; ) {
                int cp = s.codePointAt(i);
                int n = Character.charCount(cp);
                int bl = encode(s, i, i + n, buf);
                long match = bl == 0 ? 0 : map.firstMatch(buf, 0, bl);
                if (match != 0) ed.emit(map.replacement((int) match), i, i + n);
                else ed.copy(i, i + n);
                i += n;
            }
            pos = end;
        }
        ed.apply();
    }

    private static int utf8Length(String s, int from, int to) {
        int len = 0;
        for (int i = from; i < to; ) {
            int cp = s.codePointAt(i);
            len += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            i += Character.charCount(cp);
        }
        return len;
    }

    /** UTF-8 of s[from, to) into buf (which must be large enough for short ranges; grows otherwise). Returns the length; 0 for a lone surrogate. */
    private static int encode(String s, int from, int to, byte[] buf) {
        int k = 0;
        for (int i = from; i < to; ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (k + 4 > buf.length) return 0; // too long to look up as one key; callers fall back
            if (Character.isSurrogate((char) cp) && cp <= 0xFFFF) return 0; // not valid Unicode: no key matches
            if (cp < 0x80) {
                buf[k++] = (byte) cp;
            } else if (cp < 0x800) {
                buf[k++] = (byte) (0xC0 | (cp >> 6));
                buf[k++] = (byte) (0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                buf[k++] = (byte) (0xE0 | (cp >> 12));
                buf[k++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[k++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                buf[k++] = (byte) (0xF0 | (cp >> 18));
                buf[k++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[k++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[k++] = (byte) (0x80 | (cp & 0x3F));
            }
        }
        return k;
    }
}
