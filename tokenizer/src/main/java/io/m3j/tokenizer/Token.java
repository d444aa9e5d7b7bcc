package io.m3j.tokenizer;

/**
 * One token produced by a tokenizer model.
 *
 * @param id    vocabulary id
 * @param value the token string as it appears in the vocabulary
 * @param start start offset (UTF-16 index, inclusive) in the coordinates of whoever produced it: a
 *              model reports offsets into the piece it was given, a {@link Tokenizer} into the
 *              original text
 * @param end   end offset (exclusive), same coordinates
 */
public record Token(int id, String value, int start, int end) {
}
