package io.m3j.tokenizer.json;

/**
 * tokenizer.json's {@code padding} block, parsed and validated. {@link JsonTokenizer#encodeBatch}
 * always pads on the right to the longest encoding; only {@link #padId()} is used from here.
 *
 * @param fixedLength      the length of a {@code Fixed} strategy, or 0 for {@code BatchLongest}
 * @param direction        {@code Right} or {@code Left}
 * @param padToMultipleOf  0 if absent
 * @param padId            id of the padding token
 * @param padTypeId        type id of padding positions
 * @param padToken         the padding token string
 */
public record PaddingConfig(int fixedLength, String direction, int padToMultipleOf, int padId, int padTypeId,
                            String padToken) {
}
