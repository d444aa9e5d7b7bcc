package io.m3j.tokenizer.decode;

import java.util.ArrayList;
import java.util.List;

/** Replaces the end-of-word {@code suffix} (e.g. {@code </w>}) with a space, or nothing in the last token. */
public record BpeDecoder(String suffix) implements Decoder {
    @Override
    public List<String> decodeChain(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            out.add(tokens.get(i).replace(suffix, i == tokens.size() - 1 ? "" : " "));
        }
        return out;
    }
}
