package io.m3j.tokenizer.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Inputs and the comparison shared by the component unit tests against Hugging Face. */
public final class ComponentInputs {
    /** Hand-picked cases: the characters each component treats specially. */
    private static final List<String> HANDPICKED = List.of(
            "", " ", "   ", "Hello, world!", "  leading and trailing  ", "a  b   c", "tab\there\nnew\r\nline",
            "Café naïve résumé", "Cafe\u0301 nai\u0308ve", "ÅΩK ǅ ß İ ŉ ǰ ΐ", "ﬁﬂ ① ² ½ Ⅻ ㍿ ℃", "Ｆｕｌｌ１２３ ｶﾞｷﾞ",
            "東京都 中文分词 한국어 カタカナ", "a\u200bb\u200dc\ufeffd\u00ade", "ctrl\u0001\u0007\u001b\u007f\u0000\u0085x",
            "\ufffd replacement", "emoji 😀👍🏽👨\u200d👩\u200d👧 🇫🇷", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝟙𝟚𝟛", "don't it's I'm we've you're he'll she'd",
            "12 345 ١٢٣ १२३ 3.14", "a-b_c.d(e)[f]{g}\"h'i", "¿Qué? ¡Sí! «guillemets» —dash…", "▁already▁spaced ▁",
            "<s> [CLS] <unk> ##ing Ġhello", "x".repeat(120), "\u3000ideographic\u2003em\u00a0nbsp\u2028ls",
            "مَرْحَبًا שָׁלוֹם हिन्दी ภาษาไทย", "e\u0301\u0301 a\u0308\u0304 \u1100\u1161\u11a8",
            "a\u0301\u0327 \u01d6\u0323 x\u0323\u0307 \u1e0b\u0323 q\u0307\u0323 \u0958 \ufb2c", "ｶﾞｷﾞ ﾊﾟ \u00c5\u212b \u2126 \u1f71 \u0344");

    private ComponentInputs() {
    }

    /** The hand-picked cases and {@code generated} lines of {@link TestCorpus} (valid Unicode only). */
    public static List<String> texts(long seed, int generated) {
        List<String> out = new ArrayList<>(HANDPICKED);
        for (String line : TestCorpus.lines(seed, generated)) out.add(validUnicode(line));
        return out;
    }

    /** Replaces unpaired surrogates with U+FFFD: Hugging Face only receives valid Unicode. */
    public static String validUnicode(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
            } else {
                sb.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return sb.toString();
    }

    /** Asserts {@code ours} and {@code reference} agree on every text, reporting the first differences. */
    public static <T> void assertSame(String label, List<String> texts, Function<String, T> ours, Function<String, T> reference) {
        int equal = 0;
        List<String> failures = new ArrayList<>();
        for (String text : texts) {
            T expected = reference.apply(text);
            T actual = ours.apply(text);
            if (Objects.equals(expected, actual)) equal++;
            else if (failures.size() < 4) failures.add(escape(text) + "\n    ours " + actual + "\n    hf   " + expected);
        }
        assertEquals(texts.size(), equal, label + ": " + equal + "/" + texts.size() + " equal\n  " + String.join("\n  ", failures));
    }

    public static String escape(String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().forEach(c -> {
            if (c < 0x20 || (c >= 0x7f && c < 0xa0) || Character.getType(c) == Character.FORMAT
                    || Character.getType(c) == Character.UNASSIGNED || Character.isWhitespace(c) && c != ' ') {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.append('"').toString();
    }
}
