package io.m3j.tokenizer.json;

import io.m3j.tokenizer.Encoding;
import io.m3j.tokenizer.testing.TestCorpus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * WordPiece tokenizer.json files (all-MiniLM-L6-v2, bge-small-en-v1.5, the bert fixture) against
 * Hugging Face tokenizers on 20,000 multilingual/adversarial lines, with and without special tokens.
 */
class WordPieceDifferentialTest {
    private static final int LINES = 20_000;

    @ParameterizedTest
    @ValueSource(strings = {"/all-minilm-l6-v2-tokenizer.json", "/bge-small-en-v1.5-tokenizer.json", "/fixtures/bert/tokenizer.json"})
    void identicalToHuggingFace(String resource) {
        byte[] json = Differential.resource(resource);
        JsonTokenizer ours = JsonTokenizer.parse(json, resource);
        List<String> lines = TestCorpus.lines(resource.hashCode(), LINES);
        Differential withSpecial = new Differential();
        Differential without = new Differential();
        try (HfOracle hf = new HfOracle(json)) {
            for (String raw : lines) {
                String line = Differential.sanitize(raw);
                ours.encode(raw, true, 0); // must not fail on unpaired surrogates either
                Encoding e = ours.encode(line, true, 0);
                withSpecial.compare("with special", line, e, hf.encode(line, true), true);
                without.compare("no special", line, ours.encode(line, false, 0), hf.encode(line, false), true);
            }
        }
        System.out.println(withSpecial.summary(resource + " with special tokens"));
        System.out.println(without.summary(resource + " without special tokens"));
        assertEquals(LINES, withSpecial.idMatches, withSpecial.summary(resource));
        assertEquals(LINES, without.idMatches, without.summary(resource));
        assertEquals(LINES, withSpecial.tokenMatches, withSpecial.summary(resource));
        assertEquals(LINES, withSpecial.offsetMatches, withSpecial.summary(resource));
    }
}
