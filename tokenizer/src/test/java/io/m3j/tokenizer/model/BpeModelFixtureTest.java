package io.m3j.tokenizer.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.m3j.tokenizer.Token;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link BpeModel} on the real BPE fixtures ({@code fixtures/bpe/*}), with the normalizer and
 * pre-tokenizer of each tokenizer.json reproduced by hand here (the full pipeline is tested with the
 * tokenizer.json loader). Samples containing an added token's text are skipped: HF cuts those out
 * before the model runs. Expected ids are HF's {@code ids_no_special}.
 */
class BpeModelFixtureTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** GPT-2's pre-tokenization regex, as used by HF's ByteLevel pre-tokenizer (use_regex=true). */
    private static final Pattern GPT2_SPLIT = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+");

    private static JsonNode readJson(String resource) throws IOException {
        try (InputStream in = BpeModelFixtureTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + resource);
            }
            return JSON.readTree(in);
        }
    }

    /** The BPE model section of a tokenizer.json, read by hand for this test. */
    static BpeModel loadModel(JsonNode tokenizerJson) {
        JsonNode m = tokenizerJson.get("model");
        Map<String, Integer> vocab = new LinkedHashMap<>();
        m.get("vocab").properties().forEach(e -> vocab.put(e.getKey(), e.getValue().asInt()));
        List<String[]> merges = new ArrayList<>();
        List<String> legacy = new ArrayList<>();
        for (JsonNode merge : m.get("merges")) {
            if (merge.isArray()) {
                merges.add(new String[] {merge.get(0).asText(), merge.get(1).asText()});
            } else {
                legacy.add(merge.asText());
            }
        }
        BpeModel.Builder b = BpeModel.builder().vocab(vocab);
        if (legacy.isEmpty()) {
            b.merges(merges);
        } else {
            b.legacyMerges(legacy);
        }
        return b.unkToken(text(m.get("unk_token")))
                .continuingSubwordPrefix(text(m.get("continuing_subword_prefix")))
                .endOfWordSuffix(text(m.get("end_of_word_suffix")))
                .fuseUnk(m.path("fuse_unk").asBoolean(false))
                .byteFallback(m.path("byte_fallback").asBoolean(false))
                .ignoreMerges(m.path("ignore_merges").asBoolean(false))
                .dropout(m.get("dropout") == null || m.get("dropout").isNull() ? null : m.get("dropout").asDouble())
                .build();
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static boolean containsAddedToken(JsonNode tokenizerJson, String text) {
        for (JsonNode t : tokenizerJson.get("added_tokens")) {
            if (text.contains(t.get("content").asText())) {
                return true;
            }
        }
        return false;
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    private static int[] ids(List<Token> tokens) {
        return tokens.stream().mapToInt(Token::id).toArray();
    }

    @Test
    void llamaStyleModelWithByteFallbackAndFusedUnk() throws IOException {
        JsonNode tokenizer = readJson("/fixtures/bpe/llama-bpe/tokenizer.json");
        BpeModel model = loadModel(tokenizer);
        JsonNode expected = readJson("/fixtures/bpe/llama-bpe/expected.json");
        int checked = 0;
        for (int i = 0; i < expected.size(); i++) {
            String text = expected.get(i).get("text").asText();
            if (containsAddedToken(tokenizer, text)) {
                continue;
            }
            // Normalizer: Prepend("▁") (only to non-empty text), then Replace(" ", "▁"); no pre-tokenizer.
            String piece = text.isEmpty() ? "" : ("▁" + text).replace(' ', '▁');
            List<Token> tokens = new ArrayList<>();
            model.tokenize(piece, tokens);
            assertArrayEquals(ints(expected.get(i).get("ids_no_special")), ids(tokens), "sample " + i + ": " + text);
            checked++;
        }
        assertEquals(expected.size() - 1, checked, "only the sample with literal special tokens is skipped");
    }

    @Test
    void byteLevelModelOnGpt2PreTokenizedWords() throws IOException {
        JsonNode tokenizer = readJson("/fixtures/bpe/bytelevel/tokenizer.json");
        BpeModel model = loadModel(tokenizer);
        JsonNode expected = readJson("/fixtures/bpe/bytelevel/expected.json");
        int checked = 0;
        for (int i = 0; i < expected.size(); i++) {
            String text = expected.get(i).get("text").asText();
            if (containsAddedToken(tokenizer, text)) {
                continue;
            }
            List<Token> tokens = new ArrayList<>();
            Matcher words = GPT2_SPLIT.matcher(text);
            while (words.find()) {
                model.tokenize(ByteLevelAlphabet.encode(words.group().getBytes(StandardCharsets.UTF_8)), tokens);
            }
            assertArrayEquals(ints(expected.get(i).get("ids_no_special")), ids(tokens), "sample " + i + ": " + text);
            checked++;
        }
        assertEquals(expected.size() - 1, checked, "only the sample with literal special tokens is skipped");
    }
}
