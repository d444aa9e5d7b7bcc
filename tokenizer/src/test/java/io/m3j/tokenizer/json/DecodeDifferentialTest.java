package io.m3j.tokenizer.json;

import io.m3j.tokenizer.testing.TestCorpus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link JsonTokenizer#decode} against Hugging Face's decode (native, without DJL's Java-side space
 * clean-up), with and without skipping special tokens, on the ids of generated lines and on random
 * id sequences (which give byte tokens that are not valid UTF-8, special tokens in odd places, ...).
 */
class DecodeDifferentialTest {
    private static final int LINES = 3_000;
    private static final int RANDOM_SEQUENCES = 1_000;

    @ParameterizedTest
    @ValueSource(strings = {"/all-minilm-l6-v2-tokenizer.json", "/bge-small-en-v1.5-tokenizer.json", "/fixtures/bert/tokenizer.json",
            "/fixtures/spm/hf_xlmr/tokenizer.json", "/fixtures/spm/hf_xlmr_legacy_converter.tokenizer.json",
            "/fixtures/bpe/llama-bpe/tokenizer.json", "/fixtures/bpe/bytelevel/tokenizer.json"})
    void identicalToHuggingFace(String resource) {
        byte[] json = Differential.resource(resource);
        JsonTokenizer ours = JsonTokenizer.parse(json, resource);
        List<int[]> sequences = new ArrayList<>();
        // The bert fixture is all-MiniLM-L6-v2's tokenizer.json again: fewer lines.
        int lines = resource.startsWith("/fixtures/bert/") ? LINES / 3 : LINES;
        for (String raw : TestCorpus.lines(resource.hashCode() + 1, lines)) {
            sequences.add(ours.encode(Differential.sanitize(raw), true, 0).ids());
        }
        Random random = new Random(resource.hashCode());
        for (int i = 0; i < RANDOM_SEQUENCES; i++) {
            int[] ids = new int[1 + random.nextInt(24)];
            for (int k = 0; k < ids.length; k++) ids[k] = random.nextInt(ours.vocabSize());
            sequences.add(ids);
        }
        StringBuilder report = new StringBuilder(resource);
        int total = sequences.size();
        int[] equalCounts = new int[2];
        try (HfOracle hf = new HfOracle(json)) {
            for (boolean skip : new boolean[]{false, true}) {
                String[] expected = hf.decode(sequences, skip);
                int equal = 0;
                int nonEmpty = 0;
                for (String e : expected) if (!e.isBlank()) nonEmpty++;
                assertTrue(nonEmpty > total / 2, "the reference decoded mostly nothing: " + nonEmpty);
                List<String> failures = new ArrayList<>();
                for (int i = 0; i < total; i++) {
                    String actual = ours.decode(sequences.get(i), skip);
                    if (actual.equals(expected[i])) equal++;
                    else if (failures.size() < 5) {
                        failures.add("  ids " + Arrays.toString(sequences.get(i)) + "\n    ours " + Differential.escape(actual)
                                + "\n    hf   " + Differential.escape(expected[i]));
                    }
                }
                report.append("\n skip_special_tokens=").append(skip).append(": ").append(equal).append('/').append(total)
                        .append(" equal").append(failures.isEmpty() ? "" : "\n" + String.join("\n", failures));
                equalCounts[skip ? 1 : 0] = equal;
            }
        }
        System.out.println(report);
        assertEquals(total, equalCounts[0], report.toString());
        assertEquals(total, equalCounts[1], report.toString());
    }
}
