package io.m3j.tokenizer.decode;

import java.util.ArrayList;
import java.util.List;

/** Removes up to {@code start} leading and {@code stop} trailing {@code content} characters from each token. */
public record StripDecoder(char content, int start, int stop) implements Decoder {
    @Override
    public List<String> decodeChain(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        for (String t : tokens) {
            int from = 0;
            while (from < start && from < t.length() && t.charAt(from) == content) from++;
            int to = t.length();
            int removed = 0;
            while (removed < stop && to > from && t.charAt(to - 1) == content) {
                to--;
                removed++;
            }
            out.add(t.substring(from, to));
        }
        return out;
    }
}
