package io.m3j.bench;

import io.m3j.engine.EncoderModel;
import io.m3j.models.EncoderShape;
import io.m3j.models.RandomCheckpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * bge-m3 shapes on random weights ({@link RandomCheckpoint}, F32 safetensors, written once into
 * {@code ~/.cache/m3j/bench} or {@code -Dm3j.bench.cache=DIR} and reused): the 24-layer teacher
 * against the 8-layer student ({@link EncoderShape#BGE_M3_STUDENT_8L}), on texts of 56, 512 and
 * 8192 tokens (random ids). One operation encodes 32 texts of 56 tokens, 8 of 512, or 1 of 8192
 * (FP32, sentence embeddings). The aux counters {@code texts} and {@code tokens} give texts/s and
 * tokens/s; peak memory (JVM heap peak and the process's peak resident set, VmHWM) is printed at the
 * end of each trial.
 *
 * <p>Smoke mode: with {@code -Dm3j.bench.smoke=true} (set by BenchmarkSmokeTest) the shapes are a
 * tiny XLM-R (hidden 64, 2 layers teacher / 1 student) so the smoke test never writes gigabytes.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class M3Bench {
    public static final String SMOKE_PROPERTY = "m3j.bench.smoke";
    public static final String CACHE_PROPERTY = "m3j.bench.cache";
    private static final int CLS = 0, SEP = 2, FIRST_ORDINARY_ID = 5;

    @Param({"student", "teacher"})
    public String model;

    @Param({"56", "512", "8192"})
    public int tokens;

    private EncoderModel encoder;
    private List<int[]> texts;

    /** Texts and tokens encoded, as JMH rates (texts/s, tokens/s). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counts {
        public long texts;
        public long tokens;
    }

    @Setup(Level.Trial)
    public void setUp() {
        boolean smoke = Boolean.getBoolean(SMOKE_PROPERTY);
        EncoderShape shape = switch (model) {
            case "student" -> smoke ? tiny(1) : EncoderShape.BGE_M3_STUDENT_8L;
            case "teacher" -> smoke ? tiny(2) : EncoderShape.BGE_M3;
            default -> throw new IllegalArgumentException("M3Bench: unknown model '" + model + "' (student or teacher)");
        };
        encoder = EncoderModel.load(checkpoint(shape, smoke ? "tiny-" : ""));
        int count = tokens <= 56 ? 32 : tokens <= 512 ? 8 : 1;
        Random random = new Random(56);
        texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int[] ids = new int[tokens];
            ids[0] = CLS;
            ids[tokens - 1] = SEP;
            for (int t = 1; t < tokens - 1; t++) ids[t] = FIRST_ORDINARY_ID + random.nextInt(shape.vocabSize() - FIRST_ORDINARY_ID);
            texts.add(ids);
        }
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) pool.resetPeakUsage();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        long heapPeak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) heapPeak += pool.getPeakUsage().getUsed();
        }
        System.out.printf("%nM3Bench %s, %d tokens: peak JVM heap %d MB (packed weights included), process peak RSS %s%n",
                model, tokens, heapPeak >> 20, peakResidentSet());
        encoder.close();
    }

    @Benchmark
    public float[][] encode(Counts counts) {
        float[][] out = encoder.embed(texts);
        counts.texts += texts.size();
        counts.tokens += (long) texts.size() * tokens;
        return out;
    }

    private static EncoderShape tiny(int layers) {
        return new EncoderShape("xlm-roberta", 1000, 64, layers, 4, 128, 8194, 1, 1, 1e-5);
    }

    /** The cached random checkpoint folder of {@code shape}, written first if absent (atomically, via a temp folder). */
    private static Path checkpoint(EncoderShape shape, String prefix) {
        Path cache = Path.of(System.getProperty(CACHE_PROPERTY, System.getProperty("user.home") + "/.cache/m3j/bench"));
        Path folder = cache.resolve(prefix + "bge-m3-random-" + shape.numLayers() + "l");
        if (Files.isRegularFile(folder.resolve("model.safetensors"))) return folder;
        try {
            Files.createDirectories(cache);
            Path tmp = Files.createTempDirectory(cache, folder.getFileName() + ".tmp");
            System.out.printf("%nM3Bench: writing %s (%d parameters), once%n", folder, shape.parameterCount());
            RandomCheckpoint.write(shape, tmp, 20240601L);
            Files.move(tmp, folder, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("M3Bench: writing the random checkpoint " + folder, e);
        }
        return folder;
    }

    private static String peakResidentSet() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return line.substring(6).trim();
            }
        } catch (IOException | RuntimeException e) {
            return "unavailable (" + e.getMessage() + ")";
        }
        return "unavailable";
    }
}
