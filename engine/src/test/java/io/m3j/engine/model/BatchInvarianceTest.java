package io.m3j.engine.model;

import io.m3j.engine.EncoderModel;
import io.m3j.engine.Fixtures;
import io.m3j.engine.config.PoolingConfig;
import io.m3j.engine.config.PoolingMode;
import io.m3j.engine.io.OnnxModelFile;
import io.m3j.engine.kernel.KernelSelector;
import io.m3j.engine.kernel.Kernels;
import io.m3j.engine.kernel.gemm.Precision;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * A sequence's hidden states are bit-identical whether it runs alone or packed with others, in
 * every precision and with both kernel families (GEMM rows are independent; attention reductions
 * are ordered by positions within the sequence). Lengths cross the attention's query and key block
 * sizes (64, 128).
 */
class BatchInvarianceTest {

    @Test
    void aSequenceGivesTheSameBitsAloneAndInABatch() {
        Random random = new Random(11);
        List<int[]> inputs = new ArrayList<>();
        for (int len : new int[] {300, 7, 129, 64, 65, 1, 200}) {
            int[] ids = new int[len];
            for (int t = 0; t < len; t++) ids[t] = 999 + random.nextInt(29000);
            inputs.add(ids);
        }
        for (Precision precision : Precision.values()) {
            for (Kernels kernels : List.of(Kernels.get(), KernelSelector.scalar())) {
                try (EncoderModel model = EncoderModel.of(OnnxRuntimeParityTest.config(6), PoolingConfig.of(PoolingMode.MEAN, true),
                        OnnxModelFile.open(Fixtures.classpathFile("/all-minilm-l6-v2.onnx")), kernels, precision)) {
                    List<float[][]> batched = model.lastHiddenStates(inputs);
                    for (int i = 0; i < inputs.size(); i++) {
                        float[][] alone = model.lastHiddenStates(List.of(inputs.get(i))).get(0);
                        for (int t = 0; t < alone.length; t++) {
                            assertArrayEquals(alone[t], batched.get(i)[t], precision + " " + kernels.name() + " input " + i + " token " + t);
                        }
                    }
                }
            }
        }
    }
}
