package io.m3j.tokenizer.normalize;

import io.m3j.tokenizer.text.NormalizedString;
import io.m3j.tokenizer.text.UnicodeProps;

/**
 * BERT's basic text cleaning, as Hugging Face's BertNormalizer does it, in this order: drop NUL,
 * U+FFFD and control/format/unassigned characters and turn every white space into ' '
 * ({@code cleanText}); put spaces around CJK ideographs ({@code handleChineseChars}); NFD then drop
 * non-spacing marks ({@code stripAccents}); lowercase ({@code lowercase}).
 */
public record BertNormalizer(boolean cleanText, boolean handleChineseChars, boolean stripAccents, boolean lowercase)
        implements Normalizer {

    @Override
    public void normalize(NormalizedString text) {
        if (cleanText) cleanText(text);
        if (handleChineseChars) spaceChineseChars(text);
        if (stripAccents) {
            text.unicodeNormalize(java.text.Normalizer.Form.NFD);
            text.filter(cp -> !UnicodeProps.isNonSpacingMark(cp));
        }
        if (lowercase) text.lowercase();
    }

    private static void cleanText(NormalizedString text) {
        String s = text.text();
        boolean clean = true;
        for (int i = 0; i < s.length() && clean; i++) {
            char c = s.charAt(i);
            clean = c >= 0x20 && c < 0x7F;
        }
        if (clean) return;
        NormalizedString.Editor ed = text.edit();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = Character.charCount(cp);
            // Removal comes first: control characters other than \t \n \r (e.g. \u000b, \u000c,
            // \u0085) are dropped even though they are white space, as Hugging Face does.
            if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
                // dropped
            } else if (isBertWhitespace(cp)) {
                ed.emit(' ', i, i + n);
            } else {
                ed.copy(i, i + n);
            }
            i += n;
        }
        ed.apply();
    }

    private static boolean isControl(int cp) {
        return cp != '\t' && cp != '\n' && cp != '\r' && UnicodeProps.isOther(cp);
    }

    private static boolean isBertWhitespace(int cp) {
        return cp == '\t' || cp == '\n' || cp == '\r' || UnicodeProps.isWhitespace(cp);
    }

    private static void spaceChineseChars(NormalizedString text) {
        String s = text.text();
        int i = 0;
        while (i < s.length() && !isChinese(s.codePointAt(i))) i += Character.charCount(s.codePointAt(i));
        if (i == s.length()) return;
        NormalizedString.Editor ed = text.edit();
        ed.copy(0, i);
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int n = Character.charCount(cp);
            if (isChinese(cp)) {
                ed.emit(' ', i, i).copy(i, i + n).emit(' ', i + n, i + n);
            } else {
                ed.copy(i, i + n);
            }
            i += n;
        }
        ed.apply();
    }

    /** The CJK Unified Ideographs blocks (not all Japanese or Korean script). */
    static boolean isChinese(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF)
                || (cp >= 0x20000 && cp <= 0x2A6DF) || (cp >= 0x2A700 && cp <= 0x2B73F)
                || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B920 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }
}
