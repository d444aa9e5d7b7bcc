package io.m3j.bench.report;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JMH 1.37 JSON result file ({@code -rf json}): the results, and the JMH/JDK versions they were
 * measured with.
 *
 * @param source      where the file was read from, for messages and the report's header
 * @param results     the entries in file order
 * @param environment e.g. "JMH 1.37, JDK 25.0.3, OpenJDK 64-Bit Server VM 25.0.3+9-LTS"; empty when the file has no entries
 */
public record JmhResultFile(Path source, List<JmhResult> results, String environment) {

    /**
     * The results of several files (separate JMH runs) as one, in order; the source is the first
     * file's folder and the environment the first file's (the runs are expected to share a JMH and JDK).
     */
    public static JmhResultFile concat(List<JmhResultFile> files) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("JmhResultFile.concat: no files");
        }
        if (files.size() == 1) {
            return files.get(0);
        }
        List<JmhResult> all = new ArrayList<>();
        String environment = "";
        for (JmhResultFile f : files) {
            all.addAll(f.results());
            if (environment.isEmpty()) environment = f.environment();
        }
        Path first = files.get(0).source().toAbsolutePath();
        return new JmhResultFile(first.getParent() == null ? first : first.getParent(), List.copyOf(all), environment);
    }

    public static JmhResultFile read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (JacksonException e) {
            throw new ResultFormatException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the JMH result file", e);
        }
        if (root == null || !root.isArray()) {
            throw new ResultFormatException(file + ": expected a JSON array of JMH results (java -jar benchmarks.jar"
                    + " -rf json), found " + (root == null ? "nothing" : root.getNodeType()));
        }
        List<JmhResult> results = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            results.add(parseEntry(file, i, root.get(i)));
        }
        String environment = "";
        if (!root.isEmpty()) {
            JsonNode first = root.get(0);
            environment = "JMH " + first.path("jmhVersion").asText("?") + ", JDK " + first.path("jdkVersion").asText("?")
                    + ", " + first.path("vmName").asText("?") + " " + first.path("vmVersion").asText("");
        }
        return new JmhResultFile(file, List.copyOf(results), environment.strip());
    }

    private static JmhResult parseEntry(Path file, int index, JsonNode entry) {
        String where = file + ": result #" + index;
        String benchmark = text(entry, "benchmark", where);
        where += " (" + benchmark + ")";
        String mode = text(entry, "mode", where);
        int threads = integer(entry, "threads", where);

        Map<String, String> params = new LinkedHashMap<>();
        JsonNode paramsNode = entry.get("params");
        if (paramsNode != null) {
            if (!paramsNode.isObject()) {
                throw new ResultFormatException(where + ": 'params' must be an object, found " + paramsNode.getNodeType());
            }
            for (Map.Entry<String, JsonNode> param : paramsNode.properties()) {
                params.put(param.getKey(), param.getValue().asText());
            }
        }

        JsonNode metric = entry.get("primaryMetric");
        if (metric == null || !metric.isObject()) {
            throw new ResultFormatException(where + ": missing object 'primaryMetric'");
        }
        String metricWhere = where + " primaryMetric";
        double score = number(metric, "score", metricWhere);
        double scoreError = number(metric, "scoreError", metricWhere);
        String unit = text(metric, "scoreUnit", metricWhere);
        ScoreUnit.parse(unit); // reject an unknown unit here, where the message can name the entry

        double[] samples = rawSamples(metric.get("rawData"), metricWhere);
        double median = samples.length > 0
                ? JmhResult.median(samples)
                : metric.path("scorePercentiles").has("50.0")
                        ? number(metric.get("scorePercentiles"), "50.0", metricWhere + " scorePercentiles")
                        : Double.NaN;
        return new JmhResult(benchmark, mode, threads, Collections.unmodifiableMap(params),
                score, scoreError, unit, median, samples.length);
    }

    /** rawData is one array of iteration scores per fork; absent in sample mode (which has a histogram). */
    private static double[] rawSamples(JsonNode rawData, String where) {
        if (rawData == null) {
            return new double[0];
        }
        if (!rawData.isArray()) {
            throw new ResultFormatException(where + ": 'rawData' must be an array of arrays, found " + rawData.getNodeType());
        }
        List<Double> values = new ArrayList<>();
        for (JsonNode fork : rawData) {
            if (!fork.isArray()) {
                throw new ResultFormatException(where + ": 'rawData' must be an array of arrays, found element "
                        + fork.getNodeType());
            }
            for (JsonNode value : fork) {
                values.add(asDouble(value, where + " rawData"));
            }
        }
        double[] result = new double[values.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = values.get(i);
        }
        return result;
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new ResultFormatException(where + ": expected string field '" + field + "', found "
                    + (value == null ? "none" : value.getNodeType()));
        }
        return value.asText();
    }

    private static int integer(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new ResultFormatException(where + ": expected integer field '" + field + "', found "
                    + (value == null ? "none" : value.toString()));
        }
        return value.asInt();
    }

    private static double number(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null) {
            throw new ResultFormatException(where + ": missing number field '" + field + "'");
        }
        return asDouble(value, where + " field '" + field + "'");
    }

    /** JMH writes numbers as JSON numbers, except NaN and infinities, which it writes as strings. */
    private static double asDouble(JsonNode value, String where) {
        if (value.isNumber()) {
            return value.asDouble();
        }
        if (value.isTextual()) {
            switch (value.asText()) {
                case "NaN": return Double.NaN;
                case "+INF", "Infinity": return Double.POSITIVE_INFINITY;
                case "-INF", "-Infinity": return Double.NEGATIVE_INFINITY;
                default: break;
            }
        }
        throw new ResultFormatException(where + ": expected a number, found " + value);
    }
}
