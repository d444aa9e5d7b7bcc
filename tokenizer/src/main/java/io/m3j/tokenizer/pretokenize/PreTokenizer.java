package io.m3j.tokenizer.pretokenize;

import io.m3j.tokenizer.text.NormalizedString;

import java.util.List;

/**
 * Cuts normalized text into the pieces the model tokenizes one by one (Hugging Face
 * "pre-tokenizer"); may also rewrite the pieces (Metaspace, ByteLevel). Implementations are immutable.
 */
public interface PreTokenizer {

    /** Splits {@code piece}, appending the resulting non-empty pieces to {@code out}. */
    void preTokenize(NormalizedString piece, List<NormalizedString> out);
}
