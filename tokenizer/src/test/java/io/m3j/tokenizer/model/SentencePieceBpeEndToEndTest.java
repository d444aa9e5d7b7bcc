package io.m3j.tokenizer.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.m3j.tokenizer.Encoding;
import io.m3j.tokenizer.spm.SentencePieceTokenizer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * SentencePiece BPE models through the whole {@link SentencePieceTokenizer} (the spm package's
 * reader and normalizer + {@link SentencePieceBpeModel}) against the library's output on the raw
 * sample texts.
 */
class SentencePieceBpeEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode readJson(String resource) throws IOException {
        try (InputStream in = SentencePieceBpeEndToEndTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + resource);
            }
            return JSON.readTree(in);
        }
    }

    private static Path resourcePath(String resource) throws URISyntaxException {
        return Path.of(SentencePieceBpeEndToEndTest.class.getResource(resource).toURI());
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    private static String[] strings(JsonNode array) {
        String[] out = new String[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asText();
        }
        return out;
    }

    @Test
    void referenceBpeModelOnRawSamples() throws Exception {
        SentencePieceTokenizer tokenizer = SentencePieceTokenizer.load(resourcePath("/fixtures/spm/bpe.model"));
        JsonNode samples = readJson("/fixtures/spm/samples.json");
        JsonNode expected = readJson("/fixtures/spm/bpe.expected.json");
        int identical = 0;
        for (int i = 0; i < samples.size(); i++) {
            Encoding e = tokenizer.encode(samples.get(i).asText(), false, 0);
            assertArrayEquals(ints(expected.get("ids").get(i)), e.ids(), "sample " + i);
            assertArrayEquals(strings(expected.get("pieces").get(i)), e.tokens(), "sample " + i);
            identical++;
        }
        assertEquals(300, identical);
    }

    @Test
    void llamaByteFallbackModelOnRawSamples() throws Exception {
        SentencePieceTokenizer tokenizer =
                SentencePieceTokenizer.load(resourcePath("/fixtures/bpe/llama-bpe/spm.model"));
        JsonNode cases = readJson("/spm-bpe-generated/llama_spm_expected.json").get("cases");
        int identical = 0;
        for (int i = 0; i < cases.size(); i++) {
            JsonNode c = cases.get(i);
            Encoding e = tokenizer.encode(c.get("text").asText(), false, 0);
            assertArrayEquals(ints(c.get("ids")), e.ids(), "sample " + i);
            assertArrayEquals(strings(c.get("pieces")), e.tokens(), "sample " + i);
            identical++;
        }
        assertEquals(306, identical);
    }
}
