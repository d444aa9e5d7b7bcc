package io.m3j.engine.model;

/**
 * The three bge-m3 representations of one input.
 *
 * @param dense   the normalised CLS vector
 * @param sparse  lexical weights per token id
 * @param colbert one normalised vector per token after CLS (the last one is EOS)
 */
public record M3Output(float[] dense, SparseVector sparse, float[][] colbert) {
}
