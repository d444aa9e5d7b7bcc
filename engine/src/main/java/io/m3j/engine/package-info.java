/**
 * The m3j encoder engine, driven by token ids. {@link io.m3j.engine.EncoderModel} loads a model folder
 * (config.json, weights as safetensors / PyTorch zip / ONNX, sentence-transformers pooling modules,
 * bge-m3 heads) and computes last hidden states, sentence embeddings and bge-m3 outputs.
 *
 * <ul>
 *   <li>{@code io} - weight files mapped into one naming scheme ({@link io.m3j.engine.io.Weights})</li>
 *   <li>{@code config} - config.json, modules.json, folder layout</li>
 *   <li>{@code kernel} - numeric primitives, scalar and Vector API</li>
 *   <li>{@code model} - the forward pass, pooling, bge-m3 heads and scores</li>
 *   <li>{@code runtime} - compute threads and length-sorted batching</li>
 * </ul>
 */
package io.m3j.engine;
