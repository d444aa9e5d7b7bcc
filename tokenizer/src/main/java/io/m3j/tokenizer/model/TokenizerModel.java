package io.m3j.tokenizer.model;

import io.m3j.tokenizer.Token;

import java.util.List;

/**
 * The subword model at the heart of a tokenizer (Unigram, BPE, WordPiece): turns one normalized,
 * pre-tokenized piece of text into tokens. Implementations are immutable and thread-safe.
 */
public interface TokenizerModel {

    /**
     * Appends the tokens of {@code piece} to {@code out}. Token offsets are UTF-16 indices into
     * {@code piece}.
     */
    void tokenize(String piece, List<Token> out);

    /** The id of {@code token}, or -1 if it is not in the vocabulary. */
    int tokenToId(String token);

    /** The token string of {@code id}, or null if out of range. */
    String idToToken(int id);

    /** One more than the largest id (a tokenizer.json vocabulary may leave gaps in its ids). */
    int vocabSize();
}
