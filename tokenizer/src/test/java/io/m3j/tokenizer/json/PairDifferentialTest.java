package io.m3j.tokenizer.json;

import io.m3j.tokenizer.Encoding;
import io.m3j.tokenizer.testing.TestCorpus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link JsonTokenizer#encodePair} against Hugging Face on pairs of generated lines: ids, tokens,
 * offsets (each in its own text), type ids and the special tokens mask; with and without special
 * tokens; and truncated longest-first to several maximum lengths that count the special tokens.
 */
class PairDifferentialTest {
    private static final int PAIRS = 2_000;
    private static final int[] MAX_LENGTHS = {7, 12, 16, 33, 64};

    @ParameterizedTest
    @ValueSource(strings = {"/all-minilm-l6-v2-tokenizer.json", "/bge-small-en-v1.5-tokenizer.json", "/fixtures/bert/tokenizer.json",
            "/fixtures/spm/hf_xlmr/tokenizer.json", "/fixtures/spm/hf_xlmr_legacy_converter.tokenizer.json",
            "/fixtures/bpe/llama-bpe/tokenizer.json", "/fixtures/bpe/bytelevel/tokenizer.json"})
    void identicalToHuggingFace(String resource) {
        byte[] json = Differential.resource(resource);
        JsonTokenizer ours = JsonTokenizer.parse(json, resource);
        int unkId = resource.contains("xlmr") ? ours.tokenToId("<unk>") : -1;
        // The bert fixture is all-MiniLM-L6-v2's tokenizer.json again: fewer pairs.
        int pairs = resource.startsWith("/fixtures/bert/") ? PAIRS / 4 : PAIRS;
        List<String> lines = TestCorpus.lines(resource.hashCode() + 2, pairs + 1);
        HfOracle full = new HfOracle(json);
        HfOracle[] truncating = new HfOracle[MAX_LENGTHS.length];
        for (int i = 0; i < truncating.length; i++) truncating[i] = new HfOracle(json, MAX_LENGTHS[i]);
        Comparison special = new Comparison(unkId);
        Comparison plain = new Comparison(unkId);
        Comparison truncated = new Comparison(unkId);
        Comparison truncatedSingle = new Comparison(unkId);
        int cut = 0;
        try {
            for (int i = 0; i < pairs; i++) {
                String a = Differential.sanitize(lines.get(i));
                String b = Differential.sanitize(lines.get((i * 7 + 1) % lines.size()));
                special.compare(a, b, ours.encodePair(a, b, true, 0), full.encodePair(a, b, true));
                HfOracle.Result withoutSpecial = full.encodePair(a, b, false);
                plain.compare(a, b, ours.encodePair(a, b, false, 0), withoutSpecial);
                int k = truncationFor(i, withoutSpecial);
                if (k < 0) continue;
                HfOracle.Result expected = truncating[k].encodePair(a, b, true);
                if (expected.ids().length == MAX_LENGTHS[k]) cut++;
                truncated.compare(a, b, ours.encodePair(a, b, true, MAX_LENGTHS[k]), expected);
                truncatedSingle.compare(a, "", ours.encode(a, true, MAX_LENGTHS[k]), truncating[k].encode(a, true));
            }
        } finally {
            full.close();
            for (HfOracle t : truncating) t.close();
        }
        String report = resource + "\n with special tokens: " + special + "\n without: " + plain
                + "\n truncated to " + Arrays.toString(MAX_LENGTHS) + ": " + truncated + " (" + cut + " cut)"
                + "\n single texts truncated: " + truncatedSingle;
        System.out.println(report);
        assertEquals(pairs, special.equal, report);
        assertEquals(pairs, plain.equal, report);
        assertEquals(truncated.pairs, truncated.equal, report);
        assertEquals(truncatedSingle.pairs, truncatedSingle.equal, report);
        assertTrue(truncated.pairs > pairs * 3 / 4 && cut > pairs / 2, "most pairs should be truncated and cut: " + report);
    }

    /**
     * The maximum length (index into MAX_LENGTHS, tried in turn from {@code i}) to truncate a pair to,
     * or -1. Hugging Face post-processes every combination of the overflowing parts of both texts, so
     * its time grows with (n1 / max) * (n2 / max): very long pairs are kept to the larger maxima.
     */
    private static int truncationFor(int i, HfOracle.Result untruncated) {
        int n1 = 0;
        int n2 = 0;
        for (int s : untruncated.sequenceIds()) {
            if (s == 0) n1++;
            else if (s == 1) n2++;
        }
        for (int t = 0; t < MAX_LENGTHS.length; t++) {
            int k = (i + t) % MAX_LENGTHS.length;
            if ((n1 / MAX_LENGTHS[k] + 1) * (n2 / MAX_LENGTHS[k] + 1) <= 8) return k;
        }
        return -1;
    }

    /** Counts pairs whose whole encoding equals Hugging Face's. */
    private static final class Comparison {
        private final int lenientUnkId;
        int pairs;
        int equal;
        final List<String> failures = new ArrayList<>();

        Comparison(int lenientUnkId) {
            this.lenientUnkId = lenientUnkId;
        }

        void compare(String a, String b, Encoding ours, HfOracle.Result hf) {
            pairs++;
            String why = difference(a, b, ours, hf);
            if (why == null) equal++;
            else if (failures.size() < 5) {
                failures.add(why + " for " + Differential.escape(a) + " / " + Differential.escape(b)
                        + "\n    ours ids " + Arrays.toString(ours.ids()) + " types " + Arrays.toString(ours.typeIds())
                        + " special " + Arrays.toString(ours.specialTokensMask())
                        + "\n    hf   ids " + Arrays.toString(hf.ids()) + " types " + Arrays.toString(hf.typeIds())
                        + " special " + Arrays.toString(hf.specialTokensMask()));
            }
        }

        private String difference(String a, String b, Encoding ours, HfOracle.Result hf) {
            if (!Arrays.equals(ours.ids(), hf.ids())) return "ids";
            if (!Arrays.equals(ours.typeIds(), hf.typeIds())) return "type ids";
            if (!Arrays.equals(ours.specialTokensMask(), hf.specialTokensMask())) return "special tokens mask";
            int[] cpA = Differential.codePointIndex(a);
            int[] cpB = Differential.codePointIndex(b);
            for (int i = 0; i < ours.length(); i++) {
                boolean unk = ours.ids()[i] == lenientUnkId;
                if (!unk && !ours.tokens()[i].equals(hf.tokens()[i])) return "token " + i;
                int[] cp = hf.sequenceIds()[i] == 1 ? cpB : cpA;
                int s = hf.specialTokensMask()[i] == 1 ? ours.starts()[i] : cp[ours.starts()[i]];
                int e = hf.specialTokensMask()[i] == 1 ? ours.ends()[i] : cp[ours.ends()[i]];
                if (s != hf.starts()[i] || e != hf.ends()[i]) {
                    return "offsets of token " + i + " (" + ours.tokens()[i] + "): " + s + "-" + e + " / " + hf.starts()[i] + "-" + hf.ends()[i];
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return equal + "/" + pairs + " equal" + (failures.isEmpty() ? "" : "\n  " + String.join("\n  ", failures));
        }
    }
}
