package io.m3j.tokenizer.normalize;

import io.m3j.tokenizer.text.NormalizedString;

import java.util.regex.Pattern;

/**
 * Replaces every occurrence of a literal string, or every match of a regex, with {@code content}.
 * Exactly one of {@code literal} and {@code regex} is non-null.
 */
public record ReplaceNormalizer(String literal, Pattern regex, String content) implements Normalizer {

    public static ReplaceNormalizer literal(String literal, String content) {
        return new ReplaceNormalizer(literal, null, content);
    }

    public static ReplaceNormalizer regex(Pattern regex, String content) {
        return new ReplaceNormalizer(null, regex, content);
    }

    @Override
    public void normalize(NormalizedString text) {
        if (literal != null) text.replaceLiteral(literal, content);
        else text.replaceRegex(regex, content);
    }
}
