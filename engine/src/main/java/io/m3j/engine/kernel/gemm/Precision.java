package io.m3j.engine.kernel.gemm;

/** How a {@link PackedWeights} stores its values; chosen once, when the weights are packed. */
public enum Precision {
    /** IEEE single precision, bit-exact copy of the source. */
    FP32,
    /** bfloat16 (top 16 bits of an FP32, round-to-nearest-even); widened to FP32 in registers. */
    BF16,
    /**
     * Symmetric int8 with one scale per output channel for the weights, and a dynamic symmetric
     * scale per row (token) for the activations, quantized at call time.
     */
    INT8
}
