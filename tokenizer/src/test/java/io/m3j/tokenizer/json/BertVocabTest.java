package io.m3j.tokenizer.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.m3j.tokenizer.testing.TestCorpus;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link JsonTokenizer#fromBertVocab} (a model folder with only vocab.txt) against Hugging Face
 * loading the tokenizer.json that transformers makes from the same vocabulary: all-MiniLM-L6-v2's
 * (uncased), and the same vocabulary with {@code do_lower_case=false} (BertNormalizer lowercase false,
 * strip_accents null, as transformers' BertConverter writes it). Single texts, pairs and decode.
 */
class BertVocabTest {
    private static final int LINES = 2_000;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void sameAsTheTokenizerJsonOfTheVocabulary(boolean lowercase) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode json = (ObjectNode) mapper.readTree(Differential.resource("/all-minilm-l6-v2-tokenizer.json"));
        ObjectNode normalizer = (ObjectNode) json.get("normalizer");
        normalizer.put("lowercase", lowercase);
        normalizer.putNull("strip_accents");
        json.putNull("truncation");
        json.putNull("padding");
        Path vocab = dir.resolve("vocab.txt");
        Files.write(vocab, vocabLines(json.get("model").get("vocab")), StandardCharsets.UTF_8);

        JsonTokenizer ours = JsonTokenizer.fromBertVocab(vocab, lowercase);
        byte[] reference = mapper.writeValueAsBytes(json);
        assertEquals(JsonTokenizer.parse(reference, "reference").vocabSize(), ours.vocabSize());
        List<String> lines = TestCorpus.lines(lowercase ? 11 : 12, LINES);
        Differential single = new Differential();
        Differential pairs = new Differential();
        int types = 0;
        int decoded = 0;
        List<int[]> sequences = new ArrayList<>();
        try (HfOracle hf = new HfOracle(reference)) {
            for (int i = 0; i < LINES; i++) {
                String line = Differential.sanitize(lines.get(i));
                String second = Differential.sanitize(lines.get((i + 1) % LINES));
                single.compare("single", line, ours.encode(line, true, 0), hf.encode(line, true), true);
                var pair = ours.encodePair(line, second, true, 0);
                HfOracle.Result hfPair = hf.encodePair(line, second, true);
                pairs.compare("pair", line, pair, hfPair, false);
                if (Arrays.equals(pair.typeIds(), hfPair.typeIds()) && Arrays.equals(pair.specialTokensMask(), hfPair.specialTokensMask())) types++;
                sequences.add(pair.ids());
            }
            String[] expected = hf.decode(sequences, true);
            for (int i = 0; i < LINES; i++) if (expected[i].equals(ours.decode(sequences.get(i), true))) decoded++;
        }
        String report = "lowercase " + lowercase + ": " + single.summary("single") + "\n" + pairs.summary("pairs")
                + "\npair type ids and special masks equal " + types + ", decode equal " + decoded;
        System.out.println(report);
        assertEquals(LINES, single.offsetMatches, report);
        assertEquals(LINES, single.tokenMatches, report);
        assertEquals(LINES, pairs.idMatches, report);
        assertEquals(LINES, types, report);
        assertEquals(LINES, decoded, report);
    }

    /** vocab.txt lines: the tokens in id order. */
    private static List<String> vocabLines(JsonNode vocab) {
        String[] tokens = new String[vocab.size()];
        vocab.fields().forEachRemaining(e -> tokens[e.getValue().intValue()] = e.getKey());
        return Arrays.asList(tokens);
    }
}
