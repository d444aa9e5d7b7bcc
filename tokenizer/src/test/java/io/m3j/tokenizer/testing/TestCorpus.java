package io.m3j.tokenizer.testing;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;

/**
 * Deterministic multilingual and adversarial text for differential tests against reference
 * tokenizers. The same seed always gives the same lines, so a mismatch is reproducible.
 *
 * <p>Lines mix real corpus lines from the fixtures with generated text drawn from many scripts and
 * from the characters tokenizers most often get wrong: combining marks, zero-width and unusual
 * spaces, control characters, emoji sequences, full/half-width forms, lone surrogates, very long
 * words and literal special-token strings.
 */
public final class TestCorpus {
    private static final String[] FIXTURE_SAMPLES = {
            "/fixtures/spm/samples.json", "/fixtures/bpe/llama-bpe/samples.json", "/fixtures/bpe/bytelevel/samples.json"};

    private static final String[] WORDS = {
            "the", "embedding", "model", "Tokenizer", "multilingual", "don't", "it's", "U.S.A.", "e-mail",
            "naïve", "café", "Straße", "ÉCOLE", "İstanbul", "ﬁnancial", "Ǆemal", "ŉ", "ß", "Σίσυφος", "ПРИВЕТ",
            "мир", "Україна", "日本語", "東京都", "中文分词", "한국어", "안녕하세요", "カタカナ", "ﾊﾟﾝ", "ｶﾞｷﾞ",
            "ひらがな", "العربية", "مَرْحَبًا", "שָׁלוֹם", "हिन्दी", "नमस्ते", "ภาษาไทย", "สวัสดีครับ", "ქართული",
            "Հայերեն", "ብርሃን", "தமிழ்", "తెలుగు", "ಕನ್ನಡ", "বাংলা", "ꯃꯤꯇꯩ", "ᏣᎳᎩ", "Tiếng Việt", "ǅ",
            "123", "3.14159", "1,000,000", "2024-01-31", "0x1F", "١٢٣", "१२३", "½", "²", "Ⅻ", "①",
            "https://example.com/a?b=c&d=e", "user@example.org", "#hashtag", "@mention", "C++", "a_b_c",
            "foo.bar(baz)", "{\"k\": [1, 2]}", "<s>", "</s>", "<unk>", "<pad>", "<mask>", "[CLS]", "[SEP]",
            "[UNK]", "[MASK]", "[PAD]", "<|endoftext|>", "▁", "▁▁x", "##ing", "Ġhello",
            "😀", "👍🏽", "👨‍👩‍👧‍👦", "🇫🇷", "🏳️‍🌈", "❤️", "©", "™", "€", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "𝟙𝟚𝟛",
            "Ｆｕｌｌｗｉｄｔｈ", "ＡＢＣ１２３", "e\u0301", "n\u0303o", "a\u0308\u0304", "\u0915\u094d\u0937",
            "ﷺ", "ﻻ", "ㄱㅏ", "\u1100\u1161\u11a8", "Å", "Ω", "K", "ﬀ", "ℌ", "ǰ", "ΐ"};

    private static final String[] SEPARATORS = {
            " ", " ", " ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u3000", "\u2003", "\u200b", "\u200d", "\ufeff",
            "\u2028", "\u0085", "\u000b", "\u000c", "", "-", "—", "…", ",", ".", "!", "?", "\"", "'", "(", ")",
            "、", "。", "！", "؟", "«", "»", "¿", "\u00ad"};

    private static final int[][] SCRIPT_RANGES = {
            {0x21, 0x7e}, {0xa0, 0x24f}, {0x300, 0x36f}, {0x370, 0x3ff}, {0x400, 0x4ff}, {0x530, 0x58f},
            {0x590, 0x5ff}, {0x600, 0x6ff}, {0x900, 0x97f}, {0x980, 0x9ff}, {0xe00, 0xe7f}, {0x10a0, 0x10ff},
            {0x1100, 0x11ff}, {0x1e00, 0x1eff}, {0x2000, 0x206f}, {0x2100, 0x214f}, {0x2190, 0x21ff},
            {0x3040, 0x30ff}, {0x3100, 0x312f}, {0x4e00, 0x9fff}, {0xac00, 0xd7a3}, {0xf900, 0xfaff},
            {0xfb00, 0xfb4f}, {0xfe30, 0xfe4f}, {0xff00, 0xffef}, {0x1d400, 0x1d7ff}, {0x1f300, 0x1f6ff},
            {0x1f900, 0x1f9ff}, {0x20000, 0x2a6df}, {0x0, 0x1f}, {0x7f, 0x9f}, {0xe000, 0xe0ff}, {0xfff0, 0xffff}};

    private TestCorpus() {
    }

    /** The corpus lines of the tokenizer fixtures (multilingual text plus the fixtures' edge cases). */
    public static List<String> fixtureLines() {
        ObjectMapper json = new ObjectMapper();
        LinkedHashSet<String> lines = new LinkedHashSet<>();
        for (String resource : FIXTURE_SAMPLES) {
            try (InputStream in = TestCorpus.class.getResourceAsStream(resource)) {
                if (in == null) throw new IllegalStateException("missing test resource " + resource);
                for (String s : json.readValue(in, String[].class)) lines.add(s);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new ArrayList<>(lines);
    }

    /**
     * {@code count} lines: all fixture lines first (as many as fit), then mutated fixture lines and
     * generated lines, alternately. Deterministic for a given seed.
     */
    public static List<String> lines(long seed, int count) {
        Random random = new Random(seed);
        List<String> base = fixtureLines();
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < base.size() && out.size() < count; i++) out.add(base.get(i));
        while (out.size() < count) {
            switch (random.nextInt(4)) {
                case 0 -> out.add(mutate(base.get(random.nextInt(base.size())), random));
                case 1 -> out.add(randomCodePoints(random, 1 + random.nextInt(40)));
                default -> out.add(wordSoup(random, 1 + random.nextInt(24)));
            }
        }
        return out;
    }

    /** Words from many scripts and special-token look-alikes joined by varied separators. */
    public static String wordSoup(Random random, int words) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            if (i > 0 || random.nextInt(8) == 0) sb.append(SEPARATORS[random.nextInt(SEPARATORS.length)]);
            String w = WORDS[random.nextInt(WORDS.length)];
            switch (random.nextInt(12)) {
                case 0 -> w = w.toUpperCase(java.util.Locale.ROOT);
                case 1 -> w = w.repeat(2 + random.nextInt(3));
                case 2 -> w = "x".repeat(90 + random.nextInt(40)) + w; // past WordPiece's 100-char limit
                case 3 -> w = w + randomCodePoints(random, 1);
                default -> { }
            }
            sb.append(w);
        }
        if (random.nextInt(10) == 0) sb.append(SEPARATORS[random.nextInt(SEPARATORS.length)]);
        return sb.toString();
    }

    /** Code points drawn from script blocks, controls, private use, specials and lone surrogates. */
    public static String randomCodePoints(Random random, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int r = random.nextInt(100);
            if (r < 2) {
                sb.append((char) (0xd800 + random.nextInt(0x800))); // lone surrogate
            } else if (r < 20) {
                sb.append(SEPARATORS[random.nextInt(SEPARATORS.length)]);
            } else {
                int[] range = SCRIPT_RANGES[random.nextInt(SCRIPT_RANGES.length)];
                int cp = range[0] + random.nextInt(range[1] - range[0] + 1);
                sb.appendCodePoint(cp);
            }
        }
        return sb.toString();
    }

    private static String mutate(String line, Random random) {
        StringBuilder sb = new StringBuilder(line);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = sb.isEmpty() ? 0 : random.nextInt(sb.length() + 1);
            switch (random.nextInt(5)) {
                case 0 -> sb.insert(at, WORDS[random.nextInt(WORDS.length)]);
                case 1 -> sb.insert(at, SEPARATORS[random.nextInt(SEPARATORS.length)]);
                case 2 -> sb.insert(at, randomCodePoints(random, 1 + random.nextInt(3)));
                case 3 -> {
                    if (!sb.isEmpty()) {
                        int end = Math.min(sb.length(), at + 1 + random.nextInt(5));
                        if (at < end) sb.delete(at, end);
                    }
                }
                default -> {
                    String s = sb.toString();
                    sb.setLength(0);
                    sb.append(random.nextBoolean() ? s.toUpperCase(java.util.Locale.ROOT) : s.toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
        return sb.toString();
    }
}
