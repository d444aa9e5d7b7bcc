package io.m3j.tokenizer.spm;

import com.fasterxml.jackson.databind.JsonNode;
import io.m3j.tokenizer.Encoding;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The 300 reference samples through the {@code .model} reader, against what sentencepiece 0.2.2
 * produced ({@code fixtures/spm/*.expected.json}): ids, pieces, normalized and decoded text.
 */
class SentencePieceFixtureTest {

    @Test
    void unigramMatchesSentencePieceOnAllSamples() {
        checkAll("unigram");
    }

    @Test
    void bpeMatchesSentencePieceOnAllSamples() {
        checkAll("bpe");
    }

    private static void checkAll(String name) {
        SentencePieceTokenizer tok = SentencePieceTokenizer.of(
                SentencePieceModelFile.parse(Fixtures.bytes(name + ".model"), name + ".model"));
        JsonNode expected = Fixtures.json(name + ".expected.json");
        List<String> samples = Fixtures.samples();
        assertEquals(300, samples.size());
        assertEquals(expected.get("vocab_size").asInt(), tok.vocabSize());
        assertEquals(expected.get("pad_id").asInt(), tok.padId());
        List<String> failures = new ArrayList<>();
        int ok = 0;
        for (int i = 0; i < samples.size(); i++) {
            String text = samples.get(i);
            Encoding e = tok.encode(text, true, 0);
            int[] ids = Fixtures.ints(expected.get("ids").get(i));
            List<String> pieces = Fixtures.strings(expected.get("pieces").get(i));
            String normalized = expected.get("normalized").get(i).asText();
            String decoded = expected.get("decoded").get(i).asText();
            boolean same = true;
            if (!Arrays.equals(ids, e.ids())) {
                failures.add(i + " ids: expected " + Arrays.toString(ids) + " got " + Arrays.toString(e.ids()));
                same = false;
            }
            if (!pieces.equals(List.of(e.tokens()))) {
                failures.add(i + " pieces: expected " + pieces + " got " + List.of(e.tokens()));
                same = false;
            }
            String norm = tok.normalize(text).text();
            if (!normalized.equals(norm)) {
                failures.add(i + " normalized: expected [" + normalized + "] got [" + norm + "]");
                same = false;
            }
            String dec = tok.decode(ids, false);
            if (!decoded.equals(dec)) {
                failures.add(i + " decoded: expected [" + decoded + "] got [" + dec + "]");
                same = false;
            }
            if (same) ok++;
            checkOffsets(text, e);
        }
        System.out.println(name + ": " + ok + "/" + samples.size() + " samples identical");
        assertTrue(failures.isEmpty(), failures.size() + " mismatches:\n" + String.join("\n", failures));
    }

    /** Offsets stay inside the text, never go backwards, and each token's span is non-negative. */
    private static void checkOffsets(String text, Encoding e) {
        int previousEnd = 0;
        for (int k = 0; k < e.length(); k++) {
            int s = e.starts()[k];
            int t = e.ends()[k];
            assertTrue(0 <= s && s <= t && t <= text.length(), "offsets " + s + ".." + t + " in " + text);
            assertTrue(s >= previousEnd - 0 || s == t, "offsets overlap in " + text);
            previousEnd = Math.max(previousEnd, t);
        }
    }
}
