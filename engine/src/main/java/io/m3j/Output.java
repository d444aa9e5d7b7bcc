package io.m3j;

/** The per-text results {@link EmbeddingModel#encode} can compute in one forward pass. */
public enum Output {
    /** The sentence embedding (see {@link EmbeddingModel#embed(String)}). */
    DENSE,
    /** bge-m3 lexical weights per token id (needs the bge-m3 heads). */
    SPARSE,
    /** bge-m3 multi-vector (ColBERT) output (needs the bge-m3 heads). */
    COLBERT,
    /** The encoder's last hidden state, one vector per token. */
    HIDDEN;

    /** Whether this output needs the bge-m3 heads (colbert_linear / sparse_linear). */
    public boolean needsM3Heads() {
        return this == SPARSE || this == COLBERT;
    }
}
