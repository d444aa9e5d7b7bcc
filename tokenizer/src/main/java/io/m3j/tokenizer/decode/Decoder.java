package io.m3j.tokenizer.decode;

import java.util.List;

/**
 * Turns token strings back into text (Hugging Face "decoder"). Decoders work on the list of token
 * strings and may merge them; the caller concatenates the final list. Implementations are immutable.
 */
public interface Decoder {

    List<String> decodeChain(List<String> tokens);

    /** Decodes and concatenates. */
    default String decode(List<String> tokens) {
        StringBuilder sb = new StringBuilder();
        for (String s : decodeChain(tokens)) sb.append(s);
        return sb.toString();
    }
}
