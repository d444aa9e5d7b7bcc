package io.m3j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.m3j.EmbeddingModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code m3j embed} in-process on the engine's xlmr fixture (a tiny random XLM-R in the bge-m3 layout,
 * expected values from transformers + FlagEmbedding), and on a copy of it without the bge-m3 heads.
 */
class EmbedCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double VECTOR_TOL = 1e-5, SPARSE_TOL = 1e-4;
    private static final Path XLMR = Path.of("../engine/src/test/resources/fixtures/xlmr/model");

    @TempDir
    static Path tmp;
    private static JsonNode samples;
    private static List<String> texts;
    private static Path plain;

    private record Result(int exitCode, String out, String err) {
        List<JsonNode> lines() throws IOException {
            assertTrue(out.isEmpty() || out.endsWith("\n"), "newline-terminated output");
            List<JsonNode> lines = new ArrayList<>();
            for (String line : out.split("\n")) if (!line.isEmpty()) lines.add(JSON.readTree(line));
            return lines;
        }
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void fixtures() throws IOException {
        samples = JSON.readTree(XLMR.resolveSibling("expected.json").toFile()).get("samples");
        texts = new ArrayList<>();
        for (JsonNode s : samples) texts.add(s.get("text").asText());
        // The same encoder without colbert_linear / sparse_linear: a plain sentence-transformers model.
        plain = tmp.resolve("plain");
        Files.createDirectories(plain.resolve("1_Pooling"));
        for (String f : List.of("config.json", "model.safetensors", "tokenizer.json", "modules.json",
                "sentence_bert_config.json", "special_tokens_map.json", "1_Pooling/config.json")) {
            Files.copy(XLMR.resolve(f), plain.resolve(f));
        }
    }

    private static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).floatValue();
        return out;
    }

    private static double maxAbsDiff(JsonNode got, JsonNode want) {
        assertEquals(want.size(), got.size());
        double d = 0;
        for (int i = 0; i < want.size(); i++) {
            if (want.get(i).isArray()) d = Math.max(d, maxAbsDiff(got.get(i), want.get(i)));
            else d = Math.max(d, Math.abs(got.get(i).doubleValue() - want.get(i).doubleValue()));
        }
        return d;
    }

    @Test
    void eachOutputPrintsItsKeyWithTheReferenceValues() throws IOException {
        JsonNode s = samples.get(0);
        Map<String, List<String>> keys = Map.of(
                "dense", List.of("dense"), "sparse", List.of("sparse"), "colbert", List.of("colbert"),
                "hidden", List.of("hidden"), "dense,sparse", List.of("dense", "sparse"),
                "all", List.of("dense", "sparse", "colbert", "hidden"));
        for (var e : keys.entrySet()) {
            Result r = run("embed", "--model", XLMR.toString(), "--output", e.getKey(), texts.get(0));
            assertEquals(0, r.exitCode(), r.err());
            List<JsonNode> lines = r.lines();
            assertEquals(1, lines.size());
            List<String> names = new ArrayList<>();
            lines.getFirst().fieldNames().forEachRemaining(names::add);
            assertEquals(e.getValue(), names, "--output " + e.getKey());
        }
        JsonNode all = run("embed", "--model", XLMR.toString(), "--output", "all", texts.get(0)).lines().getFirst();
        assertTrue(maxAbsDiff(all.get("dense"), s.get("dense")) <= VECTOR_TOL);
        assertTrue(maxAbsDiff(all.get("colbert"), s.get("colbert")) <= VECTOR_TOL);
        assertTrue(maxAbsDiff(all.get("hidden"), s.get("last_hidden_state")) <= 1e-4);
        List<String> ids = new ArrayList<>();
        all.get("sparse").fieldNames().forEachRemaining(ids::add);
        List<String> wantIds = new ArrayList<>();
        s.get("sparse").fieldNames().forEachRemaining(wantIds::add);
        assertEquals(wantIds.stream().map(Integer::parseInt).sorted().toList(), ids.stream().map(Integer::parseInt).toList());
        for (String id : ids) assertEquals(s.get("sparse").get(id).asDouble(), all.get("sparse").get(id).asDouble(), SPARSE_TOL);
    }

    @Test
    void floatsArePrintedAsTheirShortestRoundTripForm() throws IOException {
        Result r = run("embed", "--model", XLMR.toString(), texts.get(4));
        assertEquals(0, r.exitCode(), r.err());
        float[] api;
        try (EmbeddingModel m = EmbeddingModel.load(XLMR)) {
            api = m.embed(texts.get(4));
        }
        Matcher numbers = Pattern.compile("-?[0-9][0-9.Ee+-]*").matcher(r.out());
        int i = 0;
        while (numbers.find()) {
            String text = numbers.group();
            assertEquals(Float.toString(api[i]), text, "element " + i);
            assertEquals(api[i], Float.parseFloat(text));
            i++;
        }
        assertEquals(api.length, i);
    }

    @Test
    void textJsonAndJsonlFilesGiveTheSameLinesInInputOrder() throws IOException {
        // Mixed lengths (2 to 59 tokens), including an empty text, in batches of 2.
        List<String> subset = texts.subList(0, 15);
        Path txt = tmp.resolve("in.txt");
        Files.writeString(txt, String.join("\n", subset) + "\n");
        Path json = tmp.resolve("in.json");
        JSON.writeValue(json.toFile(), subset);
        Path jsonl = tmp.resolve("in.jsonl");
        StringBuilder b = new StringBuilder();
        for (String t : subset) b.append(JSON.writeValueAsString(Map.of("text", t, "id", 7))).append("\n\n");
        Files.writeString(jsonl, b);

        Result fromArgs = run(concat(List.of("embed", "--model", XLMR.toString(), "--batch-size", "2", "--"), subset));
        assertEquals(0, fromArgs.exitCode(), fromArgs.err());
        List<JsonNode> lines = fromArgs.lines();
        assertEquals(subset.size(), lines.size());
        for (int i = 0; i < subset.size(); i++) {
            assertTrue(maxAbsDiff(lines.get(i).get("dense"), samples.get(i).get("dense")) <= VECTOR_TOL, "line " + i);
        }
        for (Path file : List.of(txt, json, jsonl)) {
            Result r = run("embed", "--model", XLMR.toString(), "--batch-size", "2", "--threads", "1", "--input", file.toString());
            assertEquals(0, r.exitCode(), r.err());
            assertEquals(fromArgs.out(), r.out(), file.toString());
            assertTrue(r.err().contains("embedded 15 texts"), r.err());
        }
    }

    @Test
    void manyWindowsStayInInputOrder() throws IOException {
        // More lines than one streaming window holds; each line must be its own text's vector.
        List<String> distinct = texts.subList(0, 15);
        Map<String, float[]> byText = new java.util.HashMap<>();
        try (EmbeddingModel m = EmbeddingModel.load(XLMR)) {
            float[][] v = m.embed(distinct);
            for (int i = 0; i < v.length; i++) byText.put(distinct.get(i), v[i]);
        }
        Random random = new Random(3);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 250; i++) lines.add(distinct.get(random.nextInt(distinct.size())));
        Path txt = tmp.resolve("many.txt");
        Files.write(txt, lines);
        Result r = run("embed", "--model", XLMR.toString(), "--window-texts", "64", "--input", txt.toString());
        assertEquals(0, r.exitCode(), r.err());
        Iterator<JsonNode> out = r.lines().iterator();
        for (int i = 0; i < lines.size(); i++) {
            assertTrue(out.hasNext(), "line " + i + " missing");
            assertArrayEquals(byText.get(lines.get(i)), floats(out.next().get("dense")), "line " + i);
        }
        assertFalse(out.hasNext());
    }

    @Test
    void maxLengthTruncatesCountingSpecialTokens() throws IOException {
        Result r = run("embed", "--model", XLMR.toString(), "--max-length", "5", "--output", "hidden,colbert", texts.get(1));
        assertEquals(0, r.exitCode(), r.err());
        JsonNode line = r.lines().getFirst();
        assertEquals(5, line.get("hidden").size());
        assertEquals(4, line.get("colbert").size());
    }

    @Test
    void weightsOptionPicksTheFile() throws IOException {
        Result safetensors = run("embed", "--model", XLMR.toString(), texts.get(2));
        for (String w : List.of("bin", "onnx")) {
            Result r = run("embed", "--model", XLMR.toString(), "--weights", w, texts.get(2));
            assertEquals(0, r.exitCode(), r.err());
            assertTrue(maxAbsDiff(r.lines().getFirst().get("dense"), safetensors.lines().getFirst().get("dense")) <= VECTOR_TOL, w);
        }
        Result r = run("embed", "--model", plain.toString(), "--weights", "onnx", "x");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("no onnx/model.onnx"), r.err());
    }

    @Test
    void errorsNameTheProblem() throws IOException {
        Result r = run("embed", "--model", tmp.resolve("nope").toString(), "a");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().startsWith("m3j: ") && r.err().contains("nope") && r.err().contains("not a directory"), r.err());

        for (String output : List.of("sparse", "colbert", "all")) {
            r = run("embed", "--model", plain.toString(), "--output", output, "a");
            assertEquals(1, r.exitCode());
            assertTrue(r.err().contains("needs a bge-m3 model") && r.err().contains(plain.toString()), r.err());
            assertEquals("", r.out());
        }
        r = run("embed", "--model", plain.toString(), "--output", "dense,hidden", "a");
        assertEquals(0, r.exitCode(), r.err());

        r = run("embed", "--model", XLMR.toString(), "--output", "vectors", "a");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("'vectors'"), r.err());

        r = run("embed", "--model", XLMR.toString(), "--input", tmp.resolve("missing.txt").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("missing.txt: no such input file"), r.err());

        Path csv = Files.writeString(tmp.resolve("in.csv"), "a\n");
        r = run("embed", "--model", XLMR.toString(), "--input", csv.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("in.csv: unknown input type"), r.err());

        Path badJson = Files.writeString(tmp.resolve("bad.json"), "[\"a\", 3]");
        r = run("embed", "--model", XLMR.toString(), "--input", badJson.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("bad.json: element 1 is VALUE_NUMBER_INT, expected a string"), r.err());

        Path brokenJson = Files.writeString(tmp.resolve("broken.json"), "[\"a\",");
        r = run("embed", "--model", XLMR.toString(), "--input", brokenJson.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("broken.json: "), r.err());

        Path badJsonl = Files.writeString(tmp.resolve("bad.jsonl"), "{\"text\": \"a\"}\n{\"body\": \"b\"}\n");
        r = run("embed", "--model", XLMR.toString(), "--input", badJsonl.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("bad.jsonl: line 2 has no string field \"text\""), r.err());

        Path badUtf8 = Files.write(tmp.resolve("bad.txt"), new byte[] {'a', '\n', (byte) 0xC3, '(', '\n'});
        r = run("embed", "--model", XLMR.toString(), "--input", badUtf8.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("bad.txt: line 2 is not valid UTF-8"), r.err());

        r = run("embed", "--model", XLMR.toString(), "--input", badJsonl.toString(), "a");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("not both"), r.err());
        r = run("embed", "--model", XLMR.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("nothing to embed"), r.err());
        r = run("embed", "--model", XLMR.toString(), "--weights", "gguf", "a");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("'gguf'"), r.err());
    }

    @Test
    void withoutModelTheEmbeddedDefaultIsUsed() throws IOException {
        String before = System.getProperty("m3j.cache");
        System.setProperty("m3j.cache", tmp.resolve("cache").toString());
        try {
            Result r = run("embed", "A man is eating food.", "A man is eating a piece of bread.", "The girl is carrying a baby.");
            assertEquals(0, r.exitCode(), r.err());
            List<JsonNode> lines = r.lines();
            assertEquals(3, lines.size());
            float[][] v = new float[3][];
            for (int i = 0; i < 3; i++) v[i] = floats(lines.get(i).get("dense"));
            assertEquals(384, v[0].length);
            assertEquals(1.0, dot(v[0], v[0]), 1e-5); // bge-small normalises
            assertTrue(dot(v[0], v[1]) > dot(v[0], v[2]), "eating food is closer to eating bread than to carrying a baby");
        } finally {
            if (before == null) System.clearProperty("m3j.cache"); else System.setProperty("m3j.cache", before);
        }
    }

    @Test
    void precisionOptionKeepsEmbeddingsCloseToFp32() throws IOException {
        List<String> args = List.of("embed", "--model", XLMR.toString(), "--no-progress");
        List<JsonNode> fp32 = run(concat(args, texts.subList(0, 6))).lines();
        for (String p : List.of("bf16", "int8")) {
            List<String> withPrecision = new ArrayList<>(args);
            withPrecision.addAll(List.of("--precision", p));
            Result r = run(concat(withPrecision, texts.subList(0, 6)));
            assertEquals(0, r.exitCode(), r.err());
            List<JsonNode> got = r.lines();
            for (int i = 0; i < 6; i++) {
                double cos = dot(floats(got.get(i).get("dense")), floats(fp32.get(i).get("dense")));
                assertTrue(cos >= (p.equals("bf16") ? 0.999 : 0.99), p + " text " + i + ": cosine " + cos);
            }
        }
        Result bad = run("embed", "--model", XLMR.toString(), "--precision", "fp16", "x");
        assertEquals(1, bad.exitCode());
        assertTrue(bad.err().contains("fp16"), bad.err());
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
        return s;
    }

    private static String[] concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all.toArray(String[]::new);
    }
}
