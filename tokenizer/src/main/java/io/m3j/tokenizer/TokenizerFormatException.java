package io.m3j.tokenizer;

/**
 * A tokenizer file (SentencePiece {@code .model}, {@code tokenizer.json}, {@code vocab.txt}) is
 * corrupt, truncated or uses a component m3j does not support. The message names the file and what
 * is wrong with it.
 */
public class TokenizerFormatException extends RuntimeException {
    public TokenizerFormatException(String message) {
        super(message);
    }

    public TokenizerFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
