package io.m3j.tokenizer.postprocess;

import io.m3j.tokenizer.model.ByteLevelAlphabet;
import io.m3j.tokenizer.text.UnicodeProps;

/**
 * The ByteLevel post-processor: adds no tokens; with {@code trimOffsets} it moves token offsets off
 * the spaces byte-level tokens carry (Ġ), as Hugging Face's {@code process_offsets} does.
 */
public record ByteLevelProcessing(boolean trimOffsets, boolean addPrefixSpace) implements PostProcessor {

    private static final char SPACE = ByteLevelAlphabet.byteToChar(' ');

    @Override
    public int addedTokens(boolean pair) {
        return 0;
    }

    @Override
    public TokenBuffer process(TokenBuffer a, TokenBuffer b, boolean addSpecialTokens) {
        if (trimOffsets) {
            trim(a, addPrefixSpace);
            if (b != null) trim(b, addPrefixSpace);
        }
        return PostProcessor.concat(a, b);
    }

    /** Moves offsets past leading and before trailing space characters of each token. */
    static void trim(TokenBuffer t, boolean addPrefixSpace) {
        for (int i = 0; i < t.size(); i++) {
            String token = t.token(i);
            int leading = 0;
            while (leading < token.length() && isSpace(token.charAt(leading))) leading++;
            int trailing = 0;
            while (trailing < token.length() && isSpace(token.charAt(token.length() - 1 - trailing))) trailing++;
            if (leading == 0 && trailing == 0) continue;
            int start = t.start(i);
            int end = t.end(i);
            if (leading > 0) {
                boolean first = i == 0 || start == 0;
                if (first && addPrefixSpace && leading == 1) leading = 0;
                start = Math.min(start + leading, end);
            }
            if (trailing > 0 && end >= trailing) end = Math.max(end - trailing, start);
            t.setOffsets(i, start, end);
        }
    }

    private static boolean isSpace(char c) {
        return c == SPACE || UnicodeProps.isWhitespace(c);
    }
}
