package io.m3j.models;

import io.m3j.EmbeddingModel;
import io.m3j.EmbeddingOptions;
import io.m3j.engine.kernel.gemm.Precision;
import io.m3j.engine.config.EncoderConfig;
import io.m3j.engine.io.SafetensorsFile;
import io.m3j.engine.model.EncoderWeights;
import io.m3j.engine.model.M3Output;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomModelFolderTest {
    /** A mid-size XLM-R: 128 MB of F32 weights, big enough that a copy onto the heap cannot hide in GC noise. */
    private static final EncoderShape MID = new EncoderShape("xlm-roberta", 16000, 768, 3, 12, 3072, 514, 1, 1, 1e-5);

    @Test
    void randomFolderEmbedsTextWithTheBgeM3Layout(@TempDir Path dir) {
        EncoderShape small = new EncoderShape("xlm-roberta", 8002, 64, 2, 4, 128, 130, 1, 1, 1e-5);
        RandomCheckpoint.writeModelFolder(small, dir, 7, true);
        try (EmbeddingModel m = EmbeddingModel.load(dir)) {
            assertTrue(m.hasM3Heads());
            assertEquals(128, m.maxLength()); // 130 positions minus padding_idx + 1
            M3Output o = m.encodeM3("Hello world, this is a test.");
            int tokens = m.tokenize("Hello world, this is a test.").length;
            assertEquals(64, o.dense().length);
            double norm = 0;
            for (float x : o.dense()) norm += x * x;
            assertEquals(1.0, norm, 1e-5);
            assertEquals(tokens - 1, o.colbert().length);
            assertTrue(o.sparse().size() > 0);
            // CLS pooling + Normalize from modules.json gives the bge-m3 dense vector
            float[] dense = m.embed("Hello world, this is a test.");
            for (int i = 0; i < dense.length; i++) assertEquals(o.dense()[i], dense[i], 1e-6);
        }
        assertThrows(IllegalArgumentException.class, () -> RandomCheckpoint.writeModelFolder(
                new EncoderShape("bert", 30522, 64, 2, 4, 128, 128, 2, 0, 1e-12), dir.resolve("bert"), 1, false));
    }

    /**
     * What the heap holds after loading a 138 MB checkpoint and embedding: the encoder's Linear
     * weights once, packed for the GEMM in the chosen precision, and nothing else of the file's size
     * (the word-embedding table, 49 MB here, stays in the mapping). Measured as heap growth in FP32
     * and in INT8: the difference is the packed weights' 3/4 that INT8 saves, and each total stays
     * below the packed weights plus a fixed allowance for the tokenizer and small buffers.
     */
    @Test
    void onlyThePackedLinearWeightsAreCopiedOntoTheHeap(@TempDir Path dir) throws Exception {
        RandomCheckpoint.writeModelFolder(MID, dir, 11, false);
        long fileSize = Files.size(dir.resolve("model.safetensors"));
        assertTrue(fileSize > 120_000_000L, "file size " + fileSize);
        long h = MID.hiddenSize();
        long linearBytes = 4L * MID.numLayers() * (4 * h * h + 2 * h * MID.intermediateSize());
        long wordEmbeddingBytes = 4L * MID.vocabSize() * h;
        long fp32 = heapGrowth(dir, Precision.FP32);
        long int8 = heapGrowth(dir, Precision.INT8);
        System.out.printf("mid-size checkpoint: %d MB file, %d MB Linear weights; heap grew by %.1f MB (FP32), %.1f MB (INT8)%n",
                fileSize >> 20, linearBytes >> 20, fp32 / 1048576.0, int8 / 1048576.0);
        long allowance = 32L << 20;
        assertTrue(allowance < wordEmbeddingBytes, "the allowance must be too small to hide a copied embedding table");
        assertTrue(fp32 < linearBytes + allowance, "FP32 heap grew by " + fp32 + " bytes, Linear weights are " + linearBytes);
        assertTrue(int8 < linearBytes / 4 + allowance, "INT8 heap grew by " + int8 + " bytes, Linear weights are " + linearBytes);
        double saved = (double) (fp32 - int8) / (0.75 * linearBytes);
        assertTrue(saved > 0.8 && saved < 1.2, "INT8 saved " + (fp32 - int8) + " bytes, expected about " + (long) (0.75 * linearBytes));
    }

    private static long heapGrowth(Path dir, Precision precision) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = settledHeapUsed(memory);
        try (EmbeddingModel m = EmbeddingModel.load(dir, EmbeddingOptions.defaults().withPrecision(precision))) {
            float[][] v = m.embed(List.of("one sentence", "and another one"));
            assertEquals(768, v[0].length);
            return settledHeapUsed(memory) - before;
        }
    }

    @Test
    void everyF32MatrixIsASliceOfTheFileMapping(@TempDir Path dir) {
        EncoderShape small = new EncoderShape("xlm-roberta", 8002, 64, 2, 4, 128, 130, 1, 1, 1e-5);
        RandomCheckpoint.writeModelFolder(small, dir, 5, false);
        EncoderConfig config = EncoderConfig.read(dir.resolve("config.json"));
        try (SafetensorsFile file = SafetensorsFile.open(dir.resolve("model.safetensors"))) {
            EncoderWeights w = EncoderWeights.load(file, config);
            List<MemorySegment> matrices = new ArrayList<>(List.of(w.embeddings().word(), w.embeddings().position()));
            for (EncoderWeights.Layer l : w.layers()) {
                for (EncoderWeights.Linear lin : List.of(l.query(), l.key(), l.value(), l.attentionOutput(), l.intermediate(), l.output())) {
                    matrices.add(lin.weight());
                }
            }
            assertEquals(2 + 6 * 2, matrices.size());
            for (MemorySegment m : matrices) assertTrue(m.isMapped(), "matrix of " + m.byteSize() + " bytes is not mapped");
        }
    }

    private static long settledHeapUsed(MemoryMXBean memory) throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
