package io.m3j.tokenizer;

import io.m3j.tokenizer.testing.TestCorpus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every tokenizer kind on a 10 MB input (no stack overflow, no super-linear blow-up) and shared
 * between threads (same results as sequential use).
 */
class LargeInputAndConcurrencyTest {
    private static final String[] RESOURCES = {
            "/fixtures/spm/unigram.model", "/fixtures/spm/bpe.model", "/fixtures/spm/hf_xlmr/tokenizer.json",
            "/fixtures/bpe/llama-bpe/tokenizer.json", "/fixtures/bpe/bytelevel/tokenizer.json",
            "/fixtures/bert/tokenizer.json"};
    private static final Map<String, Tokenizer> TOKENIZERS = new LinkedHashMap<>();

    @BeforeAll
    static void load() throws IOException {
        Path dir = Files.createTempDirectory("m3j-large");
        for (String r : RESOURCES) {
            Path to = dir.resolve(r.substring(1).replace('/', '_'));
            try (InputStream in = LargeInputAndConcurrencyTest.class.getResourceAsStream(r)) {
                Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
            }
            TOKENIZERS.put(r, Tokenizer.load(to));
        }
    }

    private static String text(int chars, boolean spaces) {
        StringBuilder sb = new StringBuilder(chars + 1000);
        List<String> lines = TestCorpus.lines(11, 2000);
        for (int i = 0; sb.length() < chars; i++) {
            String line = lines.get(i % lines.size());
            sb.append(spaces ? line : line.replaceAll("\\s+", "")).append(spaces ? "\n" : "");
        }
        sb.setLength(chars);
        if (Character.isHighSurrogate(sb.charAt(chars - 1))) sb.setCharAt(chars - 1, 'x');
        return sb.toString();
    }

    /**
     * 10 MB of text, then the same with no whitespace at all (one giant "word" for the
     * pre-tokenizers). Tokens per character must stay about the same between 2 MB and 10 MB, and the
     * 10 MB run may take at most 20x the best of two 2 MB runs (after a 1 MB warm-up): 5x is linear,
     * a quadratic algorithm would take 25x or more. The slack is for the memory hierarchy: a 2 MB
     * input's working set still fits the 32 MB L3 cache, a 10 MB one does not, which alone was seen
     * to cost up to 12x for the Unigram lattice on one 10 MB word (20 MB and 40 MB then scale
     * linearly from 10 MB).
     */
    @Test
    void tenMegabytesInLinearTime() {
        for (boolean spaces : new boolean[]{true, false}) {
            String warmUp = text(1 << 20, spaces);
            String small = text(2 << 20, spaces);
            String large = text(10 << 20, spaces);
            for (Map.Entry<String, Tokenizer> e : TOKENIZERS.entrySet()) {
                Tokenizer t = e.getValue();
                t.encode(warmUp, true, 0);
                Encoding s = null;
                long smallNanos = Long.MAX_VALUE;
                for (int run = 0; run < 2; run++) {
                    long t0 = System.nanoTime();
                    s = t.encode(small, true, 0);
                    smallNanos = Math.min(smallNanos, System.nanoTime() - t0);
                }
                long t1 = System.nanoTime();
                Encoding l = t.encode(large, true, 0);
                long largeNanos = System.nanoTime() - t1;
                String what = e.getKey() + (spaces ? " (text)" : " (no whitespace)");
                System.out.printf("%s: 2MB %d ms, 10MB %d ms%n", what, smallNanos / 1_000_000, largeNanos / 1_000_000);
                assertTrue(l.length() > 4 * s.length(), what + ": " + s.length() + " vs " + l.length() + " tokens");
                double ratio = (double) largeNanos / Math.max(smallNanos, 1_000_000);
                assertTrue(ratio < 20, what + ": 10 MB took " + ratio + "x the time of 2 MB");
                for (int i = 0; i < l.length(); i++) {
                    assertTrue(l.starts()[i] <= l.ends()[i] && l.ends()[i] <= large.length(), what + ": offsets of token " + i);
                }
            }
        }
    }

    @Test
    void sharedBetweenThreadsGivesTheSameResults() throws Exception {
        List<String> lines = TestCorpus.lines(3, 3000);
        for (Tokenizer t : TOKENIZERS.values()) {
            List<Encoding> sequential = new ArrayList<>();
            for (String line : lines) sequential.add(t.encode(line, true, 0));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<List<Encoding>>> futures = new ArrayList<>();
                for (int worker = 0; worker < 4; worker++) {
                    int offset = worker;
                    futures.add(pool.submit(() -> {
                        List<Encoding> out = new ArrayList<>();
                        for (int i = 0; i < lines.size(); i++) {
                            // Each worker walks the lines in a different order.
                            int k = (i * 7 + offset * 1013) % lines.size();
                            out.add(t.encode(lines.get(k), true, 0));
                        }
                        return out;
                    }));
                }
                for (int worker = 0; worker < 4; worker++) {
                    List<Encoding> got = futures.get(worker).get();
                    for (int i = 0; i < lines.size(); i++) {
                        int k = (i * 7 + worker * 1013) % lines.size();
                        assertEquals(sequential.get(k), got.get(i), "line " + k);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
