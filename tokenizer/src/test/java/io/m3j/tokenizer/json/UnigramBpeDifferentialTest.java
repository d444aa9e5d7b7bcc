package io.m3j.tokenizer.json;

import io.m3j.tokenizer.testing.TestCorpus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Unigram (XLM-R) and BPE (Llama, byte-level) tokenizer.json files against Hugging Face on generated lines. */
class UnigramBpeDifferentialTest {
    private static final int LINES = 3_000;

    @ParameterizedTest
    @ValueSource(strings = {"/fixtures/spm/hf_xlmr/tokenizer.json", "/fixtures/spm/hf_xlmr_legacy_converter.tokenizer.json",
            "/fixtures/bpe/llama-bpe/tokenizer.json", "/fixtures/bpe/bytelevel/tokenizer.json"})
    void identicalIds(String resource) {
        byte[] json = Differential.resource(resource);
        JsonTokenizer ours = JsonTokenizer.parse(json, resource);
        List<String> lines = TestCorpus.lines(resource.hashCode(), LINES);
        Differential withSpecial = new Differential();
        Differential without = new Differential();
        try (HfOracle hf = new HfOracle(json)) {
            for (String raw : lines) {
                String line = Differential.sanitize(raw);
                ours.encode(raw, true, 0);
                withSpecial.compare("with special", line, ours.encode(line, true, 0), hf.encode(line, true), true);
                without.compare("no special", line, ours.encode(line, false, 0), hf.encode(line, false), false);
            }
        }
        System.out.println(withSpecial.summary(resource + " with special tokens"));
        System.out.println(without.summary(resource + " without special tokens"));
        assertEquals(LINES, withSpecial.idMatches, withSpecial.summary(resource));
        assertEquals(LINES, without.idMatches, without.summary(resource));
    }
}
