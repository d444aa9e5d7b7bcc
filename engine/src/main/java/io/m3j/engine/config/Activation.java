package io.m3j.engine.config;

import io.m3j.engine.UnsupportedModelException;

/** The feed-forward activation named by {@code hidden_act} in config.json. */
public enum Activation {
    /** {@code gelu}: x * Phi(x) with the exact erf. */
    GELU,
    /** {@code gelu_new} / {@code gelu_pytorch_tanh}: the tanh approximation. */
    GELU_TANH,
    RELU;

    public static Activation fromConfig(String hiddenAct, String source) {
        return switch (hiddenAct) {
            case "gelu" -> GELU;
            case "gelu_new", "gelu_pytorch_tanh" -> GELU_TANH;
            case "relu" -> RELU;
            default -> throw new UnsupportedModelException(source + ": hidden_act '" + hiddenAct
                    + "' is not supported (gelu, gelu_new, gelu_pytorch_tanh, relu)");
        };
    }
}
