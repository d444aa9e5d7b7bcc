package io.m3j.tokenizer.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.m3j.tokenizer.Token;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A single 10 MB piece must go through both BPE models without stack overflow and without
 * super-linear blow-up. The time bound is deliberately generous (the machine is shared): it only
 * catches quadratic behaviour, which would take hours here.
 */
class BpeLongInputTest {

    private static final int LENGTH = 10 * 1024 * 1024;
    private static final long BOUND_NANOS = 60_000_000_000L;

    private static String randomLetters(long seed, String prefix) {
        Random random = new Random(seed);
        StringBuilder b = new StringBuilder(LENGTH).append(prefix);
        while (b.length() < LENGTH) {
            b.append((char) ('a' + random.nextInt(26)));
        }
        return b.toString();
    }

    private static void assertTiles(List<Token> tokens, String text) {
        int covered = 0;
        for (Token t : tokens) {
            if (t.start() != covered) {
                throw new AssertionError("gap or overlap before " + t + " at " + covered);
            }
            covered = t.end();
        }
        assertEquals(text.length(), covered);
    }

    @Test
    void hfBpeModelOnTenMegabytePiece() throws IOException {
        BpeModel model;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/bpe/bytelevel/tokenizer.json")) {
            model = BpeModelFixtureTest.loadModel(new ObjectMapper().readTree(in));
        }
        String piece = randomLetters(1, "");
        long start = System.nanoTime();
        List<Token> tokens = new ArrayList<>();
        model.tokenize(piece, tokens);
        long elapsed = System.nanoTime() - start;
        assertTiles(tokens, piece);
        assertTrue(tokens.size() < piece.length(), "merges should have happened");
        assertTrue(elapsed < BOUND_NANOS, "took " + elapsed / 1_000_000 + " ms");
    }

    @Test
    void sentencePieceBpeModelOnTenMegabytePiece() {
        SentencePieceBpeModel model = SpmModelFixture.load("/fixtures/spm/bpe.model").bpeModel();
        String piece = randomLetters(2, "\u2581");
        long start = System.nanoTime();
        List<Token> tokens = new ArrayList<>();
        model.tokenize(piece, tokens);
        long elapsed = System.nanoTime() - start;
        assertTiles(tokens, piece);
        assertTrue(tokens.size() < piece.length(), "merges should have happened");
        assertTrue(elapsed < BOUND_NANOS, "took " + elapsed / 1_000_000 + " ms");
    }
}
