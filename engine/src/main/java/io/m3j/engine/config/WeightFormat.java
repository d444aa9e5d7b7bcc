package io.m3j.engine.config;

/** The weight file formats a model folder may hold, in the order they are preferred. */
public enum WeightFormat {
    /** {@code model.safetensors} or a sharded {@code model.safetensors.index.json}. */
    SAFETENSORS,
    /** {@code pytorch_model.bin} (a torch.save zip). */
    PYTORCH,
    /** {@code onnx/model.onnx} or {@code model.onnx}, with external data files if any. */
    ONNX
}
