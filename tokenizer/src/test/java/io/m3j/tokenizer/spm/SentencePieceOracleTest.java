package io.m3j.tokenizer.spm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.m3j.tokenizer.Encoding;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Thousands of generated strings against python sentencepiece 0.1.97, including models trained for
 * byte fallback, user-defined and control symbols, split digits, whitespace-as-suffix and no
 * extra-whitespace removal. How the data was made: {@code src/test/resources/spm-oracle/README.md}.
 */
class SentencePieceOracleTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"fixture-unigram", "bytefallback-unigram", "suffix-unigram", "fixture-bpe"})
    void matchesSentencePiece(String name) throws IOException {
        List<String> failures = new ArrayList<>();
        int count = 0;
        SentencePieceTokenizer tok = null;
        try (InputStream in = getClass().getResourceAsStream("/spm-oracle/" + name + ".jsonl.gz");
             BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8))) {
            JsonNode header = JSON.readTree(r.readLine());
            String model = header.get("model").asText();
            byte[] bytes = model.equals("unigram.model") || model.equals("bpe.model") ? Fixtures.bytes(model)
                    : resource("/spm-oracle/" + model);
            tok = SentencePieceTokenizer.of(SentencePieceModelFile.parse(bytes, model));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                JsonNode row = JSON.readTree(line);
                String text = row.get("text").asText();
                int[] ids = Fixtures.ints(row.get("ids"));
                Encoding e = tok.encode(text, false, 0);
                count++;
                if (!Arrays.equals(ids, e.ids())) {
                    failures.add("ids of [" + text + "]: expected " + Arrays.toString(ids) + " got " + Arrays.toString(e.ids()));
                    continue;
                }
                List<String> pieces = Fixtures.strings(row.get("pieces"));
                if (!pieces.equals(List.of(e.tokens()))) {
                    failures.add("pieces of [" + text + "]: expected " + pieces + " got " + List.of(e.tokens()));
                }
                String decoded = tok.decode(ids, false);
                if (!row.get("decoded").asText().equals(decoded)) {
                    failures.add("decode of [" + text + "]: expected [" + row.get("decoded").asText() + "] got [" + decoded + "]");
                }
            }
            assertEquals(header.get("count").asInt(), count);
        }
        System.out.println(name + ": " + (count - failures.size()) + "/" + count + " identical");
        assertTrue(failures.isEmpty(), failures.size() + " mismatches:\n"
                + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
    }

    private byte[] resource(String path) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(path)) {
            return in.readAllBytes();
        }
    }
}
