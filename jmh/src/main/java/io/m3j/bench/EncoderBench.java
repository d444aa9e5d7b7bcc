package io.m3j.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.m3j.engine.EncoderModel;
import io.m3j.engine.config.Activation;
import io.m3j.engine.config.EncoderConfig;
import io.m3j.engine.config.PoolingConfig;
import io.m3j.engine.config.PoolingMode;
import io.m3j.engine.io.OnnxModelFile;
import io.m3j.engine.kernel.Kernels;
import io.m3j.engine.kernel.gemm.Precision;
import io.m3j.tokenizer.Tokenizer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sentence embeddings on the real all-MiniLM-L6-v2 and bge-small-en-v1.5 ONNX files: m3j against
 * ONNX Runtime (Java API, same file, same token ids, same number of intra-op threads as m3j's
 * compute pool: all available processors). Tokenization is done once in setup; one operation is
 * the forward pass of {@code batch} sentences plus pooling and L2 normalisation (ORT: right-padded
 * batch, attention mask; the pooling runs over its output buffer).
 *
 * <p>Unit: operations per second, so <b>sentences/s = score · batch</b>, and at batch 1 the
 * single-sentence latency is 1/score. Batch 1 cycles through the 32 sentences (same order for both
 * engines).
 *
 * <p>{@code precision} is m3j's weight precision. ORT always runs the FP32 ONNX file: an
 * {@code engine=ort} result with {@code precision=bf16} is the ORT FP32 baseline that the m3j BF16
 * result is paired with in the report (so the report's ratio is "m3j BF16 vs ORT FP32"). To avoid
 * measuring ORT three times, run {@code -p precision=fp32} for ORT-vs-FP32 and pass the other
 * precisions for m3j only (see jmh/README.md).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class EncoderBench {
    private static final int SENTENCES = 32;

    @Param({"minilm", "bge-small"})
    public String model;

    @Param({"m3j", "ort"})
    public String engine;

    @Param({"1", "32"})
    public int batch;

    @Param({"fp32", "bf16", "int8"})
    public String precision;

    private List<int[]> ids;
    private boolean cls;
    private EncoderModel m3j;
    private OrtEnvironment env;
    private OrtSession session;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws OrtException {
        String onnxResource = switch (model) {
            case "minilm" -> "/all-minilm-l6-v2.onnx";
            case "bge-small" -> "/bge-small-en-v1.5.onnx";
            default -> throw new IllegalArgumentException("EncoderBench: unknown model '" + model + "' (minilm or bge-small)");
        };
        String tokenizerResource = model.equals("minilm") ? "/all-minilm-l6-v2-tokenizer.json" : "/bge-small-en-v1.5-tokenizer.json";
        int layers = model.equals("minilm") ? 6 : 12;
        cls = model.equals("bge-small");
        Tokenizer tokenizer = Tokenizer.load(BenchTexts.classpathFile(tokenizerResource));
        ids = new ArrayList<>();
        for (String s : BenchTexts.sentences(SENTENCES, 42)) ids.add(tokenizer.encode(s, true, 512).ids());
        Path onnx = BenchTexts.classpathFile(onnxResource);
        int threads = Runtime.getRuntime().availableProcessors();
        switch (engine) {
            case "m3j" -> {
                // both models: BERT uncased, 384 wide, 12 heads (their published config.json values)
                EncoderConfig config = new EncoderConfig("bert", 30522, 384, layers, 12, 1536, 512, 2, 0, 1e-12f, Activation.GELU);
                m3j = EncoderModel.of(config, PoolingConfig.of(cls ? PoolingMode.CLS : PoolingMode.MEAN, true),
                        OnnxModelFile.open(onnx), Kernels.get(), Precision.valueOf(precision.toUpperCase(Locale.ROOT)));
            }
            case "ort" -> {
                env = OrtEnvironment.getEnvironment();
                try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                    options.setIntraOpNumThreads(threads);
                    options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                    session = env.createSession(onnx.toString(), options);
                }
            }
            default -> throw new IllegalArgumentException("EncoderBench: unknown engine '" + engine + "' (m3j or ort)");
        }
        if (batch < 1 || batch > SENTENCES) throw new IllegalArgumentException("EncoderBench: batch must be 1.." + SENTENCES);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        if (m3j != null) m3j.close();
        if (session != null) session.close();
    }

    @Benchmark
    public float[][] embed() throws OrtException {
        List<int[]> inputs = batch == SENTENCES ? ids : nextInputs();
        return m3j != null ? m3j.embed(inputs) : ort(inputs);
    }

    private List<int[]> nextInputs() {
        List<int[]> out = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            out.add(ids.get(next));
            next = (next + 1) % SENTENCES;
        }
        return out;
    }

    /** ORT on a right-padded batch, then CLS or masked-mean pooling and L2 normalisation. */
    private float[][] ort(List<int[]> inputs) throws OrtException {
        int n = inputs.size();
        int seq = 0;
        for (int[] input : inputs) seq = Math.max(seq, input.length);
        long[] tokenIds = new long[n * seq], mask = new long[n * seq], types = new long[n * seq];
        for (int b = 0; b < n; b++) {
            int[] input = inputs.get(b);
            for (int t = 0; t < input.length; t++) {
                tokenIds[b * seq + t] = input[t];
                mask[b * seq + t] = 1;
            }
        }
        long[] shape = {n, seq};
        Map<String, OnnxTensor> feed = new HashMap<>();
        try {
            for (String name : session.getInputNames()) {
                long[] data = switch (name) {
                    case "input_ids" -> tokenIds;
                    case "attention_mask" -> mask;
                    case "token_type_ids" -> types;
                    default -> throw new IllegalStateException("EncoderBench: unexpected ONNX input " + name);
                };
                feed.put(name, OnnxTensor.createTensor(env, LongBuffer.wrap(data), shape));
            }
            try (OrtSession.Result result = session.run(feed)) {
                FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
                int width = hidden.capacity() / (n * seq);
                float[][] out = new float[n][width];
                for (int b = 0; b < n; b++) {
                    int rows = cls ? 1 : inputs.get(b).length;
                    for (int t = 0; t < rows; t++) {
                        int at = (b * seq + t) * width;
                        for (int i = 0; i < width; i++) out[b][i] += hidden.get(at + i);
                    }
                    double norm = 0;
                    for (float v : out[b]) norm += (double) v * v;
                    float inv = (float) (1 / Math.max(Math.sqrt(norm), 1e-12));
                    for (int i = 0; i < width; i++) out[b][i] *= inv;
                }
                return out;
            }
        } finally {
            for (OnnxTensor t : feed.values()) t.close();
        }
    }
}
