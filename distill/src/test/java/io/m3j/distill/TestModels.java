package io.m3j.distill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Test access to the fixtures and to real teacher folders assembled from test resources: the bert
 * fixture's config and tokenizer (all-MiniLM-L6-v2) or bge-small-en-v1.5's config, with the ONNX
 * weights and tokenizer from the langchain4j jars on the test class path.
 */
public final class TestModels {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Path> FOLDERS = new HashMap<>();

    private TestModels() {
    }

    public static Path resource(String name) {
        try {
            var url = TestModels.class.getResource(name);
            if (url == null) throw new IllegalStateException("Missing test resource " + name);
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(String resource) {
        try {
            return JSON.readTree(resource(resource).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** all-MiniLM-L6-v2 as a model folder: fixtures/bert files + model.onnx from the jar. */
    public static synchronized Path miniLm() {
        return FOLDERS.computeIfAbsent("minilm", k -> folder("/fixtures/bert", "/all-minilm-l6-v2.onnx", null));
    }

    /** bge-small-en-v1.5 as a model folder: fixtures/bge-small config + tokenizer.json and model.onnx from the jar. */
    public static synchronized Path bgeSmall() {
        return FOLDERS.computeIfAbsent("bge-small", k -> folder("/fixtures/bge-small", "/bge-small-en-v1.5.onnx",
                "/bge-small-en-v1.5-tokenizer.json"));
    }

    private static Path folder(String configResource, String onnxResource, String tokenizerResource) {
        try {
            Path dir = Files.createTempDirectory("m3j-distill-teacher");
            Path src = resource(configResource);
            try (Stream<Path> files = Files.walk(src)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Path to = dir.resolve(src.relativize(f).toString());
                    Files.createDirectories(to.getParent());
                    Files.copy(f, to);
                }
            }
            copyResource(onnxResource, dir.resolve("model.onnx"));
            if (tokenizerResource != null) copyResource(tokenizerResource, dir.resolve("tokenizer.json"));
            deleteOnExit(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyResource(String resource, Path to) throws IOException {
        try (InputStream in = TestModels.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("Missing class-path resource " + resource);
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes the folder tree when the JVM exits. */
    public static void deleteOnExit(Path dir) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
    }

    public static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort for temporary test folders
        }
    }

    public static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).asInt();
        return out;
    }

    public static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = (float) array.get(i).asDouble();
        return out;
    }

    public static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).asDouble();
        return out;
    }

    public static java.util.List<String> strings(JsonNode array) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (JsonNode n : array) out.add(n.asText());
        return out;
    }

    public static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        if (na == 0 && nb == 0) return 1;
        return dot / Math.sqrt(na * nb);
    }

    public static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) throw new AssertionError("length " + a.length + " != " + b.length);
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs((double) a[i] - b[i]));
        return m;
    }
}
