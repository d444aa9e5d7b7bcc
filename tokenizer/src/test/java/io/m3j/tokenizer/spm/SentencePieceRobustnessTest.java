package io.m3j.tokenizer.spm;

import io.m3j.tokenizer.Encoding;
import io.m3j.tokenizer.TokenizerFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Corrupt model files, hostile text and very long input. */
class SentencePieceRobustnessTest {
    private static final byte[] UNIGRAM = Fixtures.bytes("unigram.model");
    private static final SentencePieceTokenizer TOK = SentencePieceTokenizer.of(
            SentencePieceModelFile.parse(UNIGRAM, "unigram.model"));

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void truncatedModelIsATokenizerFormatExceptionNamingTheFile() {
        int checked = 0;
        for (int len = 0; len < UNIGRAM.length; len += len < 2000 ? 1 : 997) {
            byte[] cut = Arrays.copyOf(UNIGRAM, len);
            TokenizerFormatException e = assertThrows(TokenizerFormatException.class,
                    () -> SentencePieceTokenizer.of(SentencePieceModelFile.parse(cut, "cut.model")), "length " + len);
            assertTrue(e.getMessage().startsWith("cut.model: "), e.getMessage());
            checked++;
        }
        assertTrue(checked > 2000);
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void flippedBytesNeverThrowAnythingElse() {
        Random rng = new Random(7);
        for (int round = 0; round < 400; round++) {
            byte[] bad = UNIGRAM.clone();
            int flips = 1 + rng.nextInt(4);
            for (int f = 0; f < flips; f++) {
                // Half the flips hit the normalizer spec (precompiled charsmap), the rest anywhere.
                int at = rng.nextBoolean() ? 122260 + rng.nextInt(bad.length - 122260) : rng.nextInt(bad.length);
                bad[at] ^= (byte) (1 << rng.nextInt(8));
            }
            try {
                SentencePieceTokenizer t = SentencePieceTokenizer.of(SentencePieceModelFile.parse(bad, "bad.model"));
                Encoding e = t.encode("Schreiben der Datei ｶﾀｶﾅ ﾊﾟ 😀 ﬁ Ångström", false, 0);
                t.decode(e.ids(), false);
            } catch (TokenizerFormatException expected) {
                assertTrue(expected.getMessage().startsWith("bad.model: "), expected.getMessage());
            } catch (RuntimeException | StackOverflowError other) {
                fail("round " + round + ": " + other, other);
            }
        }
    }

    @Test
    void corruptCharsmapBlobIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> PrecompiledCharsMap.parse(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> PrecompiledCharsMap.parse(new byte[]{8, 0, 0, 0, 1}));
        assertThrows(IllegalArgumentException.class, () -> PrecompiledCharsMap.parse(new byte[]{3, 0, 0, 0, 1, 2, 3, 0}));
        // root unit with a leaf pointing past the (empty) strings
        byte[] leaf = {8, 0, 0, 0, 0, 1, 0, 0, 5, 0, 0, 0, 0};
        assertThrows(IllegalArgumentException.class, () -> PrecompiledCharsMap.parse(leaf));
    }

    @Test
    void loneSurrogatesAndControlCharactersDoNotThrow() {
        // A lone surrogate is treated as U+FFFD (which nmt_nfkc deletes), see SentencePieceNormalizer.
        String text = "a\uD800b\uDC00c \uDBFF\u0000\u0001\u007F\u0085\u2028\uFFFF end\uD83D";
        Encoding e = TOK.encode(text, false, 0);
        Encoding same = TOK.encode(text.replace('\uD800', '\uFFFD').replace('\uDC00', '\uFFFD')
                .replace('\uDBFF', '\uFFFD').replace('\uD83D', '\uFFFD'), false, 0);
        assertTrue(Arrays.equals(same.ids(), e.ids()));
        for (int k = 0; k < e.length(); k++) {
            assertTrue(e.starts()[k] <= e.ends()[k] && e.ends()[k] <= text.length());
        }
        TOK.decode(e.ids(), false);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void tenMegabytesInLinearTime() {
        StringBuilder sb = new StringBuilder(10_500_000);
        Random rng = new Random(1);
        String[] words = {"Schreiben", "der", "Datei", "東京", "😀", "ﬁ", "ｶﾀｶﾅ", "XXXXXXXX", "\t", "  "};
        while (sb.length() < 10_000_000) sb.append(words[rng.nextInt(words.length)]).append(' ');
        String text = sb.toString();
        Encoding e = TOK.encode(text, false, 0);
        assertTrue(e.length() > 1_000_000);
        assertEquals(text.length(), e.ends()[e.length() - 1] + 1); // the trailing space is dropped
        // one character repeated (no spaces: a single huge piece) must work too
        String run = "a".repeat(10_000_000);
        assertTrue(TOK.encode(run, false, 0).length() > 0);
    }

    @Test
    void truncationKeepsTheFirstTokensAndNoSpecialTokensAreAdded() {
        Encoding full = TOK.encode("Schreiben der Datei schlug fehl", true, 0);
        Encoding cut = TOK.encode("Schreiben der Datei schlug fehl", true, 3);
        assertEquals(3, cut.length());
        assertTrue(Arrays.equals(Arrays.copyOf(full.ids(), 3), cut.ids()));
        assertTrue(Arrays.stream(full.specialTokensMask()).allMatch(m -> m == 0));
        assertEquals(-1, TOK.padId());
        assertThrows(IllegalArgumentException.class, () -> TOK.decode(new int[]{8000}, false));
    }
}
