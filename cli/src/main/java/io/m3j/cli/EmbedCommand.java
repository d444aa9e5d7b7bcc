package io.m3j.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.m3j.EmbeddingModel;
import io.m3j.EmbeddingOptions;
import io.m3j.Output;
import io.m3j.Outputs;
import io.m3j.engine.config.WeightFormat;
import io.m3j.engine.kernel.gemm.Precision;
import io.m3j.engine.model.SparseVector;
import io.m3j.distill.staticmodel.StaticModel;
import io.m3j.models.DefaultModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code m3j embed}: prints one JSON object per input text (JSONL), in input order, with the asked
 * outputs as keys {@code dense}, {@code sparse}, {@code colbert}, {@code hidden}. File inputs are
 * streamed in windows of texts (sorted by length into batches inside a window), so memory stays
 * bounded however long the file is.
 */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Embed texts; prints one JSON object per input (JSONL), in input order.",
                "Without --model it uses the embedded " + DefaultModel.NAME + "."})
final class EmbedCommand implements Callable<Integer> {
    /** A window holds at most this many texts... */
    static final int WINDOW_TEXTS = 1024;
    /** ...and about this many tokens (estimated from characters), fewer when per-token outputs are kept. */
    static final int WINDOW_TOKENS = 65536, WINDOW_TOKENS_PER_TOKEN_OUTPUTS = 16384;

    @Option(names = "--model", paramLabel = "PATH",
            description = "Model folder (config.json, weights, tokenizer). Default: the embedded " + DefaultModel.NAME + ".")
    Path model;

    @Option(names = "--weights", paramLabel = "safetensors|bin|onnx",
            description = "Weight file to use when the folder has several (default: safetensors, then bin, then onnx).")
    String weights;

    @Option(names = "--precision", paramLabel = "fp32|bf16|int8", defaultValue = "fp32",
            description = "How the encoder's weights are held: fp32 (exact, default), bf16 or int8 (smaller, approximate).")
    String precision;

    @Option(names = "--input", paramLabel = "FILE",
            description = "Texts from a file: .json (array of strings), .jsonl (objects with a \"text\" field) or .txt (one per line).")
    Path input;

    @Option(names = "--output", paramLabel = "dense|sparse|colbert|hidden|all", split = ",", hideParamSyntax = true, defaultValue = "dense",
            description = "Outputs to print, comma-separated (default: dense). sparse and colbert need a bge-m3 model.")
    List<String> outputs;

    @Option(names = "--max-length", paramLabel = "N", defaultValue = "0",
            description = "Truncate to N tokens, special tokens included (default: the model's limit).")
    int maxLength;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "0",
            description = "At most N texts per forward pass (default: as many as fit in 4096 tokens).")
    int batchSize;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "Compute threads (default: one per available core).")
    int threads;

    /** Texts per streaming window; an option only so tests can cross window boundaries cheaply. */
    @Option(names = "--window-texts", hidden = true, defaultValue = "" + WINDOW_TEXTS)
    int windowTexts;

    @Option(names = "--no-progress", description = "Do not report progress on stderr for --input files.")
    boolean noProgress;

    @Parameters(paramLabel = "TEXT", arity = "0..*", description = "Texts to embed (instead of --input).")
    List<String> texts = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (maxLength < 0) throw new IllegalArgumentException("--max-length must be >= 0, got " + maxLength);
        if (batchSize < 0) throw new IllegalArgumentException("--batch-size must be >= 0, got " + batchSize);
        if (threads < 0) throw new IllegalArgumentException("--threads must be >= 0, got " + threads);
        if (windowTexts < 1) throw new IllegalArgumentException("--window-texts must be >= 1, got " + windowTexts);
        if (input != null && !texts.isEmpty()) throw new IllegalArgumentException("give either TEXT arguments or --input FILE, not both");
        if (input == null && texts.isEmpty()) throw new IllegalArgumentException("nothing to embed: give TEXT arguments or --input FILE");
        Set<Output> wanted = parseOutputs(outputs);
        if (model != null && StaticModel.isStaticModel(model)) return runStatic(wanted);
        EmbeddingOptions options = new EmbeddingOptions(parseWeights(weights), maxLength, batchSize, threads,
                parsePrecision(precision));
        Path folder = model != null ? model : DefaultModel.folder();
        try (EmbeddingModel m = EmbeddingModel.load(folder, options);
             TextInput source = input != null ? TextInput.open(input) : TextInput.of(texts)) {
            for (Output o : wanted) {
                if (o.needsM3Heads() && !m.hasM3Heads()) {
                    throw new IllegalArgumentException("--output " + o.name().toLowerCase(Locale.ROOT) + " needs a bge-m3 model with "
                            + "colbert_linear and sparse_linear heads; " + folder + " has none (use --output dense or hidden)");
                }
            }
            run(window -> m.encode(window, wanted), m.maxLength(), source, wanted,
                    new Progress(spec.commandLine().getErr(), input != null && !noProgress));
        }
        return 0;
    }

    /** A Model2Vec / StaticEmbedding folder: dense (mean of token rows) and per-token rows as hidden. */
    private int runStatic(Set<Output> wanted) throws IOException {
        for (Output o : wanted) {
            if (o != Output.DENSE && o != Output.HIDDEN) {
                throw new IllegalArgumentException("--output " + o.name().toLowerCase(Locale.ROOT) + " is not available for the static model "
                        + model + " (it has dense embeddings and per-token rows: use --output dense or hidden)");
            }
        }
        StaticModel m = StaticModel.load(model);
        int limit = maxLength > 0 ? maxLength : StaticModel.DEFAULT_MAX_LENGTH;
        try (TextInput source = input != null ? TextInput.open(input) : TextInput.of(texts)) {
            run(window -> {
                List<float[]> dense = wanted.contains(Output.DENSE) ? m.encode(window, limit) : null;
                List<float[][]> rows = wanted.contains(Output.HIDDEN) ? m.encodeAsSequence(window, limit) : null;
                List<Outputs> out = new ArrayList<>(window.size());
                for (int i = 0; i < window.size(); i++) {
                    out.add(new Outputs(dense == null ? null : dense.get(i), null, null, rows == null ? null : rows.get(i)));
                }
                return out;
            }, limit, source, wanted, new Progress(spec.commandLine().getErr(), input != null && !noProgress));
        }
        return 0;
    }

    /** Encodes one window of texts, results in the window's order. */
    private interface WindowEncoder {
        List<Outputs> encode(List<String> window);
    }

    private void run(WindowEncoder encoder, int modelMaxLength, TextInput source, Set<Output> wanted, Progress progress)
            throws IOException {
        boolean perToken = wanted.contains(Output.COLBERT) || wanted.contains(Output.HIDDEN);
        int windowTokens = perToken ? WINDOW_TOKENS_PER_TOKEN_OUTPUTS : WINDOW_TOKENS;
        int windowLimit = Math.max(windowTexts, 4 * batchSize);
        // The generator must not close stdout when it is done.
        JsonFactory factory = new JsonFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        Writer sink = new BufferedWriter(spec.commandLine().getOut(), 1 << 16);
        long done = 0;
        try (JsonGenerator gen = factory.createGenerator(sink)) {
            gen.setRootValueSeparator(new SerializedString(""));
            List<String> window = new ArrayList<>();
            long tokens = 0;
            for (String text = source.next(); ; text = source.next()) {
                if (text != null) {
                    window.add(text);
                    tokens += Math.min(text.length(), modelMaxLength) + 2;
                }
                boolean full = window.size() >= windowLimit || tokens >= windowTokens;
                if ((full || text == null) && !window.isEmpty()) {
                    for (Outputs o : encoder.encode(window)) {
                        write(gen, o);
                        gen.writeRaw('\n');
                    }
                    gen.flush();
                    done += window.size();
                    window.clear();
                    tokens = 0;
                    progress.update(done, source.fraction());
                }
                if (text == null) break;
            }
        }
        sink.flush();
        progress.finish(done);
    }

    private static void write(JsonGenerator gen, Outputs o) throws IOException {
        gen.writeStartObject();
        if (o.dense() != null) {
            gen.writeFieldName("dense");
            writeVector(gen, o.dense());
        }
        if (o.sparse() != null) {
            gen.writeObjectFieldStart("sparse");
            SparseVector s = o.sparse();
            int[] ids = s.ids();
            float[] weights = s.weights();
            for (int i = 0; i < ids.length; i++) {
                gen.writeFieldName(Integer.toString(ids[i]));
                gen.writeNumber(weights[i]);
            }
            gen.writeEndObject();
        }
        if (o.colbert() != null) {
            gen.writeFieldName("colbert");
            writeMatrix(gen, o.colbert());
        }
        if (o.hidden() != null) {
            gen.writeFieldName("hidden");
            writeMatrix(gen, o.hidden());
        }
        gen.writeEndObject();
    }

    /** Floats as their shortest round-trip decimal (Float.toString), not widened to double. */
    private static void writeVector(JsonGenerator gen, float[] v) throws IOException {
        gen.writeStartArray();
        for (float x : v) gen.writeNumber(x);
        gen.writeEndArray();
    }

    private static void writeMatrix(JsonGenerator gen, float[][] rows) throws IOException {
        gen.writeStartArray();
        for (float[] row : rows) writeVector(gen, row);
        gen.writeEndArray();
    }

    static Set<Output> parseOutputs(List<String> names) {
        Set<Output> out = EnumSet.noneOf(Output.class);
        for (String name : names) {
            switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "dense" -> out.add(Output.DENSE);
                case "sparse" -> out.add(Output.SPARSE);
                case "colbert" -> out.add(Output.COLBERT);
                case "hidden" -> out.add(Output.HIDDEN);
                case "all" -> out.addAll(EnumSet.allOf(Output.class));
                default -> throw new IllegalArgumentException("--output '" + name + "' is not one of dense, sparse, colbert, hidden, all");
            }
        }
        if (out.isEmpty()) throw new IllegalArgumentException("--output names no output");
        return out;
    }

    static Precision parsePrecision(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "fp32" -> Precision.FP32;
            case "bf16" -> Precision.BF16;
            case "int8" -> Precision.INT8;
            default -> throw new IllegalArgumentException("--precision '" + name + "' is not one of fp32, bf16, int8");
        };
    }

    static WeightFormat parseWeights(String name) {
        if (name == null) return null;
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "safetensors" -> WeightFormat.SAFETENSORS;
            case "bin", "pytorch" -> WeightFormat.PYTORCH;
            case "onnx" -> WeightFormat.ONNX;
            default -> throw new IllegalArgumentException("--weights '" + name + "' is not one of safetensors, bin, onnx");
        };
    }
}
