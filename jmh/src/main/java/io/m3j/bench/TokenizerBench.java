package io.m3j.bench;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.m3j.tokenizer.Tokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * m3j's tokenizers against the native Hugging Face tokenizers (through DJL, {@code engine=hf}),
 * both loaded from the same tokenizer.json: WordPiece (bge-small-en-v1.5) and Unigram (XLM-R,
 * the hf_xlmr fixture). One operation encodes 256 sentences one call at a time on one thread, with
 * special tokens, no truncation or padding; the token ids and offsets are consumed.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-Dai.djl.offline=true"})
@State(Scope.Benchmark)
public class TokenizerBench {
    private static final int SENTENCES = 256;

    @Param({"wordpiece", "unigram"})
    public String tokenizer;

    @Param({"m3j", "hf"})
    public String engine;

    private List<String> texts;
    private Tokenizer m3j;
    private HuggingFaceTokenizer hf;

    @Setup(Level.Trial)
    public void setUp() {
        Path json = BenchTexts.classpathFile(switch (tokenizer) {
            case "wordpiece" -> "/bge-small-en-v1.5-tokenizer.json";
            case "unigram" -> "/tokenizers/xlmr-tokenizer.json";
            default -> throw new IllegalArgumentException("TokenizerBench: unknown tokenizer '" + tokenizer + "' (wordpiece or unigram)");
        });
        texts = BenchTexts.sentences(SENTENCES, 7);
        switch (engine) {
            case "m3j" -> m3j = Tokenizer.load(json);
            case "hf" -> {
                // the native library ships inside the DJL jar; never download anything
                System.setProperty("ai.djl.offline", "true");
                try {
                    hf = HuggingFaceTokenizer.newInstance(json, Map.of("truncation", "false", "padding", "false"));
                } catch (IOException e) {
                    throw new UncheckedIOException("TokenizerBench: loading " + json, e);
                }
            }
            default -> throw new IllegalArgumentException("TokenizerBench: unknown engine '" + engine + "' (m3j or hf)");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (hf != null) hf.close();
    }

    @Benchmark
    public void encode(Blackhole bh) {
        if (m3j != null) {
            for (String text : texts) {
                var e = m3j.encode(text, true, Integer.MAX_VALUE);
                bh.consume(e.ids());
                bh.consume(e.starts());
            }
        } else {
            for (String text : texts) {
                var e = hf.encode(text, true, false);
                bh.consume(e.getIds());
                bh.consume(e.getCharTokenSpans());
            }
        }
    }
}
