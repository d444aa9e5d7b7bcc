package io.m3j.distill;

/** The element type a static model's embedding matrix is stored in. */
public enum Quantization {
    FLOAT16("float16", "F16"),
    FLOAT32("float32", "F32"),
    /** Symmetric int8: rows scaled by one global factor max|x| / 127 and rounded (the factor is not stored). */
    INT8("int8", "I8");

    private final String configName;
    private final String safetensorsDtype;

    Quantization(String configName, String safetensorsDtype) {
        this.configName = configName;
        this.safetensorsDtype = safetensorsDtype;
    }

    /** The name model2vec writes as {@code embedding_dtype}. */
    public String configName() {
        return configName;
    }

    public String safetensorsDtype() {
        return safetensorsDtype;
    }

    public static Quantization parse(String text) {
        for (Quantization q : values()) {
            if (q.configName.equalsIgnoreCase(text.trim())) return q;
        }
        throw new IllegalArgumentException("quantize '" + text + "' is not one of float16, float32, int8");
    }
}
