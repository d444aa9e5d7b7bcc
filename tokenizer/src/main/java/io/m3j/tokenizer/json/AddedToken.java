package io.m3j.tokenizer.json;

/**
 * An entry of tokenizer.json's {@code added_tokens}: text matched as a whole before the model sees
 * the input.
 *
 * @param id         its id (may be beyond the model's vocabulary)
 * @param content    the text it matches
 * @param singleWord match only where it is not part of a longer word
 * @param lstrip     the match swallows white space on its left
 * @param rstrip     the match swallows white space on its right
 * @param normalized match against the normalized text (else the raw text)
 * @param special    a control token: dropped by {@code decode(ids, skipSpecialTokens=true)}
 */
public record AddedToken(int id, String content, boolean singleWord, boolean lstrip, boolean rstrip,
                         boolean normalized, boolean special) {
}
