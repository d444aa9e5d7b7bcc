package io.m3j.tokenizer.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.m3j.tokenizer.Encoding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** tokenizer.json fixtures against the ids Hugging Face wrote for them (expected files). */
class FixtureTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String resource) throws IOException {
        return JSON.readTree(Differential.resource(resource));
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).intValue();
        return out;
    }

    private static String[] strings(JsonNode array) {
        String[] out = new String[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).textValue();
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"/fixtures/spm/hf_xlmr/tokenizer.json", "/fixtures/spm/hf_xlmr_legacy_converter.tokenizer.json"})
    void xlmRoberta(String resource) throws IOException {
        JsonTokenizer tok = JsonTokenizer.parse(Differential.resource(resource), resource);
        JsonNode samples = json("/fixtures/spm/samples.json");
        JsonNode expected = json("/fixtures/spm/hf_xlmr.expected.json");
        boolean legacy = resource.contains("legacy");
        JsonNode ids = legacy ? expected.get("legacy_converter").get("ids_with_special") : expected.get("ids_with_special");
        JsonNode truncated = legacy ? expected.get("legacy_converter").get("ids_truncated_16") : expected.get("ids_truncated_16");
        JsonNode tokens = expected.get("tokens_with_special");
        List<String> failures = new ArrayList<>();
        int idOk = 0;
        int tokOk = 0;
        int truncOk = 0;
        for (int i = 0; i < samples.size(); i++) {
            String text = samples.get(i).textValue();
            Encoding e = tok.encode(text, true, 0);
            if (Arrays.equals(ints(ids.get(i)), e.ids())) idOk++;
            else if (failures.size() < 5) failures.add(i + " " + Differential.escape(text) + "\n ours " + Arrays.toString(e.ids()) + "\n hf   " + ids.get(i));
            if (Arrays.equals(strings(tokens.get(i)), e.tokens())) tokOk++;
            else if (failures.size() < 5) failures.add("tokens " + i + "\n ours " + Arrays.toString(e.tokens()) + "\n hf   " + tokens.get(i));
            if (Arrays.equals(ints(truncated.get(i)), tok.encode(text, true, 16).ids())) truncOk++;
        }
        String report = resource + ": ids " + idOk + "/" + samples.size() + ", tokens " + tokOk + ", truncated_16 " + truncOk + "\n" + String.join("\n", failures);
        System.out.println(report);
        assertEquals(samples.size(), idOk, report);
        if (!legacy) assertEquals(samples.size(), tokOk, report);
        assertEquals(samples.size(), truncOk, report);
        assertEquals(expected.get("len_tokenizer").intValue(), tok.vocabSize());
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama-bpe", "bytelevel"})
    void bpe(String name) throws IOException {
        String resource = "/fixtures/bpe/" + name + "/tokenizer.json";
        JsonTokenizer tok = JsonTokenizer.parse(Differential.resource(resource), resource);
        JsonNode expected = json("/fixtures/bpe/" + name + "/expected.json");
        List<String> failures = new ArrayList<>();
        int ok = 0;
        int okNoSpecial = 0;
        int okTokens = 0;
        for (JsonNode sample : expected) {
            String text = sample.get("text").textValue();
            Encoding e = tok.encode(text, true, 0);
            if (Arrays.equals(ints(sample.get("ids")), e.ids())) ok++;
            else if (failures.size() < 5) failures.add(Differential.escape(text) + "\n ours " + Arrays.toString(e.ids()) + "\n hf   " + sample.get("ids"));
            if (Arrays.equals(strings(sample.get("tokens")), e.tokens())) okTokens++;
            if (Arrays.equals(ints(sample.get("ids_no_special")), tok.encode(text, false, 0).ids())) okNoSpecial++;
        }
        String report = resource + ": ids " + ok + "/" + expected.size() + ", ids_no_special " + okNoSpecial + ", tokens " + okTokens + "\n" + String.join("\n", failures);
        System.out.println(report);
        assertEquals(expected.size(), ok, report);
        assertEquals(expected.size(), okNoSpecial, report);
    }
}
