package io.m3j.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** Test access to the reference fixtures (test resources) and JSON helpers. */
public final class Fixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    public static Path path(String resource) {
        try {
            var url = Fixtures.class.getResource(resource);
            if (url == null) throw new IllegalStateException("Missing test resource " + resource);
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A classpath resource (e.g. an ONNX file inside a model jar) copied once to a temporary file,
     * since weights are memory-mapped from files.
     */
    public static synchronized Path classpathFile(String resource) {
        return COPIES.computeIfAbsent(resource, r -> {
            try (var in = Fixtures.class.getResourceAsStream(r)) {
                if (in == null) throw new IllegalStateException("Missing classpath resource " + r);
                Path dir = java.nio.file.Files.createTempDirectory("m3j-test");
                Path file = dir.resolve(r.substring(r.lastIndexOf('/') + 1));
                java.nio.file.Files.copy(in, file);
                file.toFile().deleteOnExit();
                dir.toFile().deleteOnExit();
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static final java.util.Map<String, Path> COPIES = new java.util.HashMap<>();

    public static JsonNode json(String resource) {
        try {
            return JSON.readTree(path(resource).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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

    public static float[][] matrix(JsonNode array) {
        float[][] out = new float[array.size()][];
        for (int i = 0; i < out.length; i++) out[i] = floats(array.get(i));
        return out;
    }

    public static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) throw new AssertionError("length " + a.length + " != " + b.length);
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs((double) a[i] - b[i]));
        return m;
    }

    public static double maxAbsDiff(float[][] a, float[][] b) {
        if (a.length != b.length) throw new AssertionError("rows " + a.length + " != " + b.length);
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, maxAbsDiff(a[i], b[i]));
        return m;
    }

    public static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
