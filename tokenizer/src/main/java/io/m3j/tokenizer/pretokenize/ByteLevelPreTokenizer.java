package io.m3j.tokenizer.pretokenize;

import io.m3j.tokenizer.model.ByteLevelAlphabet;
import io.m3j.tokenizer.text.NormalizedString;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * GPT-2 byte-level pre-tokenization: optionally prepends a space, optionally splits with GPT-2's
 * regex, then writes every UTF-8 byte of each piece as one character of {@link ByteLevelAlphabet}.
 */
public record ByteLevelPreTokenizer(boolean addPrefixSpace, boolean useRegex) implements PreTokenizer {

    /**
     * GPT-2's split pattern. Java with UNICODE_CHARACTER_CLASS gives {@code \s}, {@code \p{L}} and
     * {@code \p{N}} the Unicode meaning Oniguruma gives them in Hugging Face tokenizers.
     */
    public static final Pattern GPT2_PATTERN = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);

    @Override
    public void preTokenize(NormalizedString piece, List<NormalizedString> out) {
        if (addPrefixSpace && !piece.text().startsWith(" ")) piece.prepend(" ");
        List<NormalizedString> pieces = new ArrayList<>();
        if (useRegex) {
            Matches.ofRegex(piece.text(), GPT2_PATTERN).split(piece, SplitBehavior.ISOLATED, false, pieces);
        } else if (!piece.isEmpty()) {
            pieces.add(piece);
        }
        for (NormalizedString p : pieces) {
            toBytes(p);
            out.add(p);
        }
    }

    /** Replaces each code point by the alphabet characters of its UTF-8 bytes, aligned to it. */
    static void toBytes(NormalizedString piece) {
        String s = piece.text();
        NormalizedString.Editor ed = piece.edit();
        byte[] buf = new byte[4];
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = Character.charCount(cp);
            int len = utf8(cp, buf);
            for (int b = 0; b < len; b++) ed.emit(ByteLevelAlphabet.byteToChar(buf[b]), i, i + n);
            i += n;
        }
        ed.apply();
    }

    private static int utf8(int cp, byte[] buf) {
        if (cp < 0x80) {
            buf[0] = (byte) cp;
            return 1;
        }
        if (Character.isSurrogate((char) cp) && cp <= 0xFFFF) {
            // A lone surrogate has no UTF-8 form; HF cannot receive one. Encode U+FFFD like Java does.
            byte[] r = "\uFFFD".getBytes(StandardCharsets.UTF_8);
            System.arraycopy(r, 0, buf, 0, 3);
            return 3;
        }
        if (cp < 0x800) {
            buf[0] = (byte) (0xC0 | (cp >> 6));
            buf[1] = (byte) (0x80 | (cp & 0x3F));
            return 2;
        }
        if (cp < 0x10000) {
            buf[0] = (byte) (0xE0 | (cp >> 12));
            buf[1] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            buf[2] = (byte) (0x80 | (cp & 0x3F));
            return 3;
        }
        buf[0] = (byte) (0xF0 | (cp >> 18));
        buf[1] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        buf[2] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        buf[3] = (byte) (0x80 | (cp & 0x3F));
        return 4;
    }
}
