package io.m3j.tokenizer.json;

/**
 * tokenizer.json's {@code truncation} block, parsed and validated but not applied by
 * {@link JsonTokenizer#encode}: callers decide whether to use {@link #maxLength()}.
 *
 * @param maxLength maximum number of tokens, special tokens included
 * @param strategy  {@code LongestFirst}, {@code OnlyFirst} or {@code OnlySecond}
 * @param direction {@code Right} or {@code Left}
 * @param stride    overlap of overflowing windows (m3j does not produce overflowing windows)
 */
public record TruncationConfig(int maxLength, String strategy, String direction, int stride) {
}
