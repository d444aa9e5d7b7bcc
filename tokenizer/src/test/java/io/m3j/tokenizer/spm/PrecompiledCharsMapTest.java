package io.m3j.tokenizer.spm;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Longest (SentencePiece) versus first (Hugging Face) match on the real nmt_nfkc charsmap. */
class PrecompiledCharsMapTest {
    private static final PrecompiledCharsMap MAP = PrecompiledCharsMap.parse(
            SentencePieceModelFile.parse(Fixtures.bytes("unigram.model"), "unigram.model").normalizer().precompiledCharsmap());

    @Test
    void halfWidthKatakanaWithVoicedMark() {
        byte[] s = "ﾊﾟx".getBytes(StandardCharsets.UTF_8);
        long longest = MAP.longestMatch(s, 0, s.length);
        long first = MAP.firstMatch(s, 0, s.length);
        assertEquals(6, longest >>> 32);
        assertEquals("パ", MAP.replacement((int) longest));
        assertEquals(3, first >>> 32);
        assertEquals("ハ", MAP.replacement((int) first));
    }

    @Test
    void noMatchIsZeroAndRangesAreRespected() {
        byte[] s = "xﬁ".getBytes(StandardCharsets.UTF_8);
        assertEquals(0, MAP.longestMatch(s, 0, s.length));
        long m = MAP.longestMatch(s, 1, s.length);
        assertEquals(3, m >>> 32);
        assertEquals("fi", MAP.replacement((int) m));
        assertEquals(0, MAP.longestMatch(s, 1, 3)); // the ligature cut short
        assertEquals(0, PrecompiledCharsMap.empty().longestMatch(s, 0, s.length));
    }
}
