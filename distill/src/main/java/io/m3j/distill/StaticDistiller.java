package io.m3j.distill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.m3j.distill.pca.Pca;
import io.m3j.distill.pca.PcaResult;
import io.m3j.distill.staticmodel.StaticModel;
import io.m3j.distill.staticmodel.StaticModelWriter;
import io.m3j.distill.vocab.StaticVocabulary;
import io.m3j.engine.EncoderModel;
import io.m3j.engine.ModelFormatException;
import io.m3j.tokenizer.json.JsonTokenizer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Static distillation by the Model2Vec method: every vocabulary token is run through the teacher
 * wrapped in its specials and pooled, the vectors are reduced by PCA and weighted by SIF, and the
 * result is a token-to-vector table (see {@link StaticVocabulary} for the vocabulary, {@link Pca}
 * for the PCA, {@link SifWeights} for the weights). No data is needed.
 *
 * <p>Entry point for {@code m3j distill}: {@link #distill(DistillOptions)}.
 */
public final class StaticDistiller {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StaticDistiller() {
    }

    /**
     * The teacher's token vectors after PCA and SIF weighting.
     *
     * @param values [rows x dims] row-major
     * @param pca    the fitted PCA, or null when none was applied
     * @param dims   the number of columns kept
     */
    public record PostProcessed(double[] values, int rows, int dims, PcaResult pca, double[] sifWeights) {
        /** Share of variance the kept components explain (1 without PCA). */
        public double explainedVarianceRatio() {
            if (pca == null) return 1;
            double s = 0;
            for (int k = 0; k < dims; k++) s += pca.explainedVarianceRatio()[k];
            return s;
        }
    }

    /** Distills the teacher folder and writes the static model to {@code options.out()}. */
    public static DistillResult distill(DistillOptions options) {
        long start = System.nanoTime();
        Path tokenizerFile = options.teacher().resolve("tokenizer.json");
        if (!Files.isRegularFile(tokenizerFile)) {
            throw new ModelFormatException("Teacher folder " + options.teacher() + " has no tokenizer.json (static distillation "
                    + "builds the static model's tokenizer from it)");
        }
        JsonNode tokenizerJson = readJson(tokenizerFile);
        try (EncoderModel teacher = EncoderModel.load(options.teacher())) {
            DistillResult inMemory = distill(teacher, tokenizerJson, modelMaxLength(options.teacher()),
                    options.teacher().getFileName().toString(), options);
            StaticModel model = inMemory.model();
            float[] table = new float[model.rows() * model.dimension()];
            for (int r = 0; r < model.rows(); r++) System.arraycopy(model.row(r), 0, table, r * model.dimension(), model.dimension());
            StaticModelWriter.write(options.out(), table, model.rows(), model.dimension(), options.quantization(), null,
                    model.tokenizerJson(), model.config());
            double total = (System.nanoTime() - start) / 1e9;
            return new DistillResult(model, inMemory.vocabularySize(), inMemory.dimensions(), inMemory.explainedVarianceRatio(),
                    inMemory.teacherSeconds(), total, folderSize(options.out()), inMemory.pca());
        }
    }

    /**
     * Distills in memory from a loaded teacher ({@code options.teacher()} and {@code out()} are not
     * used). The returned model's values are exactly those {@link #distill(DistillOptions)} writes
     * (already rounded to float16 or int8 when quantized).
     *
     * @param modelMaxLength the teacher's {@code model_max_length}, 0 if unknown
     * @param teacherName    recorded as {@code tokenizer_name} in config.json
     */
    public static DistillResult distill(EncoderModel teacher, JsonNode tokenizerJson, int modelMaxLength, String teacherName,
                                        DistillOptions options) {
        long start = System.nanoTime();
        JsonTokenizer tokenizer = JsonTokenizer.parse(tokenizerJson.toString().getBytes(StandardCharsets.UTF_8), teacherName + " tokenizer.json");
        Pattern remove = options.removePattern() == null ? null : Pattern.compile(options.removePattern());
        StaticVocabulary vocabulary = StaticVocabulary.build(tokenizerJson, tokenizer, options.vocabulary(), remove, modelMaxLength);
        PrintStream log = options.progress();
        if (log != null) {
            log.printf("distill: %d tokens (%d teacher tokens removed, %d custom words, %d multi-piece)%n", vocabulary.size(),
                    vocabulary.removedTokens(), vocabulary.customTokens(), vocabulary.customMultiPieceTokens());
        }
        long teacherStart = System.nanoTime();
        float[] vectors = TokenEmbedder.embed(teacher, vocabulary.teacherInputs(), options.pooling(),
                new Progress(log, "distill: teacher pass, tokens", vocabulary.size()));
        double teacherSeconds = (System.nanoTime() - teacherStart) / 1e9;
        PostProcessed processed = postProcess(vectors, vocabulary.size(), teacher.config().hiddenSize(), options.pcaDims(),
                options.sifCoefficient(), log);
        float[] table = quantize(processed.values(), options.quantization());
        ObjectNode config = config(teacherName, options, processed.dims());
        StaticModel model = new StaticModel(table, processed.rows(), processed.dims(), null, null, vocabulary.tokenizerJson(), config, teacherName + " (distilled)");
        double total = (System.nanoTime() - start) / 1e9;
        return new DistillResult(model, vocabulary.size(), processed.dims(), processed.explainedVarianceRatio(), teacherSeconds, total,
                0, processed.pca());
    }

    /**
     * PCA to the requested dimensions (skipped for {@link PcaDims.None}, or when there are no more
     * rows than components, as model2vec does), then rows multiplied by their SIF weight.
     */
    public static PostProcessed postProcess(float[] x, int rows, int cols, PcaDims dims, OptionalDouble sif, PrintStream log) {
        double[] values;
        int kept = cols;
        PcaResult pca = null;
        int requested = switch (dims) {
            case PcaDims.None n -> -1;
            case PcaDims.Auto a -> cols;
            case PcaDims.Count c -> {
                if (c.components() > cols && log != null) {
                    log.printf("distill: PCA dims %d exceed the teacher's %d dimensions; rotating without reducing%n", c.components(), cols);
                }
                yield Math.min(c.components(), cols);
            }
            case PcaDims.Fraction f -> 0;
        };
        if (requested >= 0 && requested >= rows && !(dims instanceof PcaDims.Fraction)) {
            if (log != null) log.printf("distill: PCA dims %d >= %d tokens; not applying PCA%n", requested, rows);
            requested = -1;
        }
        if (requested >= 0) {
            pca = Pca.fit(x, rows, cols);
            kept = dims instanceof PcaDims.Fraction f ? pca.componentsForVariance(f.fraction()) : requested;
            values = pca.transform(x, rows, kept);
        } else {
            values = new double[x.length];
            for (int i = 0; i < x.length; i++) values[i] = x[i];
        }
        double[] weights = null;
        if (sif.isPresent()) {
            weights = SifWeights.of(rows, sif.getAsDouble());
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < kept; c++) values[r * kept + c] *= weights[r];
            }
        }
        PostProcessed out = new PostProcessed(values, rows, kept, pca, weights);
        if (log != null && pca != null) {
            log.printf("distill: PCA %d -> %d dimensions, explained variance ratio %.4f%n", cols, kept, out.explainedVarianceRatio());
        }
        return out;
    }

    /** The values a stored table of this type holds: float32 rounding, float16 rounding, or model2vec's int8 codes. */
    static float[] quantize(double[] values, Quantization q) {
        float[] out = new float[values.length];
        switch (q) {
            case FLOAT32 -> {
                for (int i = 0; i < out.length; i++) out[i] = (float) values[i];
            }
            case FLOAT16 -> {
                for (int i = 0; i < out.length; i++) out[i] = Float.float16ToFloat(Float.floatToFloat16((float) values[i]));
            }
            case INT8 -> {
                double max = 0;
                for (double v : values) max = Math.max(max, Math.abs(v));
                double scale = max / 127.0;
                for (int i = 0; i < out.length; i++) out[i] = max == 0 ? 0 : (float) Math.rint(values[i] / scale);
            }
        }
        return out;
    }

    private static ObjectNode config(String teacherName, DistillOptions o, int dims) {
        ObjectNode c = JSON.createObjectNode();
        c.put("model_type", "model2vec");
        c.putArray("architectures").add("StaticModel");
        c.put("tokenizer_name", teacherName);
        c.set("apply_pca", JSON.valueToTree(o.pcaDims().configValue()));
        if (o.sifCoefficient().isPresent()) c.put("sif_coefficient", o.sifCoefficient().getAsDouble());
        else c.putNull("sif_coefficient");
        c.put("hidden_dim", dims);
        c.put("seq_length", 1000000);
        c.put("normalize", true);
        c.put("pooling", o.pooling().name().toLowerCase(java.util.Locale.ROOT));
        c.put("embedding_dtype", o.quantization().configName());
        return c;
    }

    /** tokenizer_config.json's {@code model_max_length}, or 0 when absent or the "no limit" placeholder. */
    static int modelMaxLength(Path teacher) {
        Path p = teacher.resolve("tokenizer_config.json");
        if (!Files.isRegularFile(p)) return 0;
        JsonNode v = readJson(p).get("model_max_length");
        if (v == null || !v.isNumber() || v.asDouble() > 1e7 || v.asDouble() < 1) return 0;
        return v.asInt();
    }

    private static JsonNode readJson(Path p) {
        try {
            return JSON.readTree(p.toFile());
        } catch (IOException e) {
            throw new ModelFormatException("Cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    private static long folderSize(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            return 0;
        }
    }
}
