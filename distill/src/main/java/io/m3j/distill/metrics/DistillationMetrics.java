package io.m3j.distill.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.m3j.engine.ModelFormatException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How close a student's embeddings are to its teacher's, measured the way the bge-m3-distill-8l
 * authors reported theirs:
 * <ul>
 *   <li>{@code negative_mse}: sentence-transformers' MSEEvaluator score, -100 x the mean over all
 *       sentences and dimensions of (teacher - student)², each model embedding the same sentences
 *       with its own pooling and normalisation (NaN when the widths differ);</li>
 *   <li>{@code pearson_cosine} / {@code spearman_cosine}: correlation between the teacher's and the
 *       student's cosine similarity of each sentence pair (the given pairs, or else consecutive
 *       input sentences (0,1), (1,2), ...).</li>
 * </ul>
 * Entry point for {@code m3j evaluate}: {@link #evaluate(Path, Path, List, List)}, with
 * {@link #readSentences(Path)} / {@link #readPairs(Path)} for the JSON files and
 * {@link Metrics#toJson()} for the output.
 */
public final class DistillationMetrics {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DistillationMetrics() {
    }

    /** The scores; {@code pairs} is the number of sentence pairs the correlations are over. */
    public record Metrics(double negativeMse, double pearsonCosine, double spearmanCosine, int sentences, int pairs) {
        /** {"negative_mse": ..., "pearson_cosine": ..., "spearman_cosine": ..., "sentences": n, "pairs": m} (NaN as null). */
        public String toJson() {
            ObjectNode o = JSON.createObjectNode();
            put(o, "negative_mse", negativeMse);
            put(o, "pearson_cosine", pearsonCosine);
            put(o, "spearman_cosine", spearmanCosine);
            o.put("sentences", sentences);
            o.put("pairs", pairs);
            try {
                return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private static void put(ObjectNode o, String key, double v) {
            if (Double.isNaN(v)) o.putNull(key);
            else o.put(key, v);
        }
    }

    /**
     * Embeds {@code sentences} (and the pair sentences) with both model folders (transformer or
     * static) and scores the student.
     *
     * @param pairs sentence pairs, or null/empty to use consecutive input sentences
     */
    public static Metrics evaluate(Path teacher, Path student, List<String> sentences, List<String[]> pairs) {
        if (sentences.isEmpty()) throw new IllegalArgumentException("no input sentences to evaluate on");
        List<String[]> usedPairs = pairs == null || pairs.isEmpty() ? consecutivePairs(sentences) : pairs;
        // Each distinct text is embedded once per model.
        Map<String, Integer> index = new LinkedHashMap<>();
        for (String text : sentences) index.putIfAbsent(text, index.size());
        for (String[] p : usedPairs) {
            index.putIfAbsent(p[0], index.size());
            index.putIfAbsent(p[1], index.size());
        }
        List<String> texts = new ArrayList<>(index.keySet());
        List<float[]> t, s;
        try (SentenceEncoder encoder = SentenceEncoder.open(teacher)) {
            t = encoder.encode(texts);
        }
        try (SentenceEncoder encoder = SentenceEncoder.open(student)) {
            s = encoder.encode(texts);
        }
        List<float[]> ts = new ArrayList<>(), ss = new ArrayList<>(), tp = new ArrayList<>(), sp = new ArrayList<>();
        for (String text : sentences) {
            ts.add(t.get(index.get(text)));
            ss.add(s.get(index.get(text)));
        }
        for (String[] p : usedPairs) {
            for (String text : p) {
                tp.add(t.get(index.get(text)));
                sp.add(s.get(index.get(text)));
            }
        }
        return score(ts, ss, tp, sp);
    }

    /**
     * Scores given embeddings: {@code teacher}/{@code student} per sentence (for the MSE), and
     * {@code teacherPairs}/{@code studentPairs} as [a0, b0, a1, b1, ...] (for the correlations).
     */
    public static Metrics score(List<float[]> teacher, List<float[]> student, List<float[]> teacherPairs, List<float[]> studentPairs) {
        if (teacher.size() != student.size()) throw new IllegalArgumentException("teacher and student embedded different counts");
        double sum = 0;
        long count = 0;
        boolean sameWidth = true;
        for (int i = 0; i < teacher.size(); i++) {
            float[] a = teacher.get(i), b = student.get(i);
            if (a.length != b.length) {
                sameWidth = false;
                break;
            }
            for (int c = 0; c < a.length; c++) {
                double d = (double) a[c] - b[c];
                sum += d * d;
            }
            count += a.length;
        }
        double negativeMse = sameWidth && count > 0 ? (sum == 0 ? 0.0 : -100 * sum / count) : Double.NaN;
        int pairs = teacherPairs.size() / 2;
        double[] tc = new double[pairs], sc = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            tc[i] = cosine(teacherPairs.get(2 * i), teacherPairs.get(2 * i + 1));
            sc[i] = cosine(studentPairs.get(2 * i), studentPairs.get(2 * i + 1));
        }
        double pearson = pairs >= 2 ? Correlation.pearson(tc, sc) : Double.NaN;
        double spearman = pairs >= 2 ? Correlation.spearman(tc, sc) : Double.NaN;
        return new Metrics(negativeMse, pearson, spearman, teacher.size(), pairs);
    }

    /** (0,1), (1,2), ... of the input sentences. */
    public static List<String[]> consecutivePairs(List<String> sentences) {
        List<String[]> out = new ArrayList<>();
        for (int i = 0; i + 1 < sentences.size(); i++) out.add(new String[]{sentences.get(i), sentences.get(i + 1)});
        return out;
    }

    /** A JSON array of strings. */
    public static List<String> readSentences(Path file) {
        JsonNode root = read(file);
        if (!root.isArray()) throw new ModelFormatException(file + ": expected a JSON array of strings");
        List<String> out = new ArrayList<>();
        for (JsonNode n : root) {
            if (!n.isTextual()) throw new ModelFormatException(file + ": expected strings in the array, found " + n.getNodeType());
            out.add(n.asText());
        }
        return out;
    }

    /** A JSON array of pairs: {@code ["a", "b"]} or {@code {"sentence1": "a", "sentence2": "b"}}. */
    public static List<String[]> readPairs(Path file) {
        JsonNode root = read(file);
        if (!root.isArray()) throw new ModelFormatException(file + ": expected a JSON array of sentence pairs");
        List<String[]> out = new ArrayList<>();
        for (JsonNode n : root) {
            if (n.isArray() && n.size() == 2 && n.get(0).isTextual() && n.get(1).isTextual()) {
                out.add(new String[]{n.get(0).asText(), n.get(1).asText()});
            } else if (n.isObject() && n.path("sentence1").isTextual() && n.path("sentence2").isTextual()) {
                out.add(new String[]{n.get("sentence1").asText(), n.get("sentence2").asText()});
            } else {
                throw new ModelFormatException(file + ": expected [\"a\", \"b\"] or {\"sentence1\": ..., \"sentence2\": ...}, found " + n);
            }
        }
        return out;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelFormatException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
