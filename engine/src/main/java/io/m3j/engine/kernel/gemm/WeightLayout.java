package io.m3j.engine.kernel.gemm;

/** Element order of a weight matrix in its source (file or array), before packing. */
public enum WeightLayout {
    /** [out][in] row-major: PyTorch {@code nn.Linear.weight} as stored in safetensors. */
    OUT_IN,
    /** [in][out] row-major: the right-hand operand of an ONNX {@code MatMul}. */
    IN_OUT
}
