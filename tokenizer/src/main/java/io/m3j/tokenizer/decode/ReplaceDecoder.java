package io.m3j.tokenizer.decode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Replaces a literal or regex in each token with {@code content}. Exactly one of literal/regex is non-null. */
public record ReplaceDecoder(String literal, Pattern regex, String content) implements Decoder {
    @Override
    public List<String> decodeChain(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        for (String t : tokens) {
            if (literal != null) out.add(literal.isEmpty() ? t : t.replace(literal, content));
            else out.add(regex.matcher(t).replaceAll(Matcher.quoteReplacement(content)));
        }
        return out;
    }
}
