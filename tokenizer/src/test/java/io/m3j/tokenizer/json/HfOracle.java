package io.m3j.tokenizer.json;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;

/**
 * The reference: Hugging Face tokenizers (native, through DJL) loaded from the same tokenizer.json,
 * with truncation and padding switched off.
 */
final class HfOracle implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;

    HfOracle(byte[] tokenizerJson) {
        try (InputStream in = new ByteArrayInputStream(tokenizerJson)) {
            tokenizer = HuggingFaceTokenizer.newInstance(in, Map.of("truncation", "false", "padding", "false"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Result(int[] ids, String[] tokens, int[] starts, int[] ends) {
    }

    Result encode(String text, boolean addSpecialTokens) {
        return result(tokenizer.encode(text, addSpecialTokens, false));
    }

    Result encodePair(String a, String b, boolean addSpecialTokens) {
        return result(tokenizer.encode(a, b, addSpecialTokens, false));
    }

    String decode(int[] ids, boolean skipSpecial) {
        return tokenizer.decode(Arrays.stream(ids).asLongStream().toArray(), skipSpecial);
    }

    private static Result result(Encoding e) {
        long[] ids = e.getIds();
        CharSpan[] spans = e.getCharTokenSpans();
        int[] starts = new int[ids.length];
        int[] ends = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            starts[i] = spans[i] == null ? 0 : spans[i].getStart();
            ends[i] = spans[i] == null ? 0 : spans[i].getEnd();
        }
        return new Result(Arrays.stream(ids).mapToInt(x -> (int) x).toArray(), e.getTokens(), starts, ends);
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    /** True if {@code s} has an unpaired surrogate (not valid Unicode; HF receives it mangled). */
    static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) i++;
                else return true;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
