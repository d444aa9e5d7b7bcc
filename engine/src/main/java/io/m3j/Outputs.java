package io.m3j;

import io.m3j.engine.model.SparseVector;

/**
 * The results for one text from {@link EmbeddingModel#encode}; an output that was not asked for is null.
 *
 * @param dense   the sentence embedding
 * @param sparse  bge-m3 lexical weights
 * @param colbert bge-m3 ColBERT vectors, one per token after CLS
 * @param hidden  the last hidden state, one row per token (special tokens included)
 */
public record Outputs(float[] dense, SparseVector sparse, float[][] colbert, float[][] hidden) {
}
