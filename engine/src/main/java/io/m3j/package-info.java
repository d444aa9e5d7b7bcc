/**
 * The m3j public API: {@link io.m3j.EmbeddingModel} loads a model folder and turns texts into
 * sentence embeddings, bge-m3 outputs ({@link io.m3j.engine.model.M3Output}) and scores
 * ({@link io.m3j.M3Score}). The packages under {@code io.m3j.engine} are the token-id level engine
 * it is built on.
 */
package io.m3j;
