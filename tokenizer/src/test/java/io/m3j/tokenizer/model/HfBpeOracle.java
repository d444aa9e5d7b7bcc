package io.m3j.tokenizer.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The native Hugging Face tokenizers (through DJL) running a bare BPE model: a minimal
 * tokenizer.json with no normalizer, pre-tokenizer or post-processor, so the whole input is one
 * piece handed to the model, exactly what {@link BpeModel#tokenize} gets.
 */
final class HfBpeOracle implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;

    /** Options of the BPE model section; null fields are written as JSON null. */
    record Options(String unkToken, String continuingSubwordPrefix, String endOfWordSuffix, boolean fuseUnk,
                   boolean byteFallback, boolean ignoreMerges, boolean legacyMergeStrings) {
        static Options defaults() {
            return new Options(null, null, null, false, false, false, false);
        }
    }

    HfBpeOracle(Path dir, Map<String, Integer> vocab, List<String[]> merges, Options o) {
        StringBuilder json = new StringBuilder();
        json.append("{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,\"added_tokens\":[],")
                .append("\"normalizer\":null,\"pre_tokenizer\":null,\"post_processor\":null,\"decoder\":null,")
                .append("\"model\":{\"type\":\"BPE\",\"dropout\":null,")
                .append("\"unk_token\":").append(str(o.unkToken())).append(',')
                .append("\"continuing_subword_prefix\":").append(str(o.continuingSubwordPrefix())).append(',')
                .append("\"end_of_word_suffix\":").append(str(o.endOfWordSuffix())).append(',')
                .append("\"fuse_unk\":").append(o.fuseUnk()).append(',')
                .append("\"byte_fallback\":").append(o.byteFallback()).append(',')
                .append("\"ignore_merges\":").append(o.ignoreMerges()).append(',')
                .append("\"vocab\":{");
        boolean first = true;
        for (Map.Entry<String, Integer> e : vocab.entrySet()) {
            json.append(first ? "" : ",").append(str(e.getKey())).append(':').append(e.getValue());
            first = false;
        }
        json.append("},\"merges\":[");
        first = true;
        for (String[] m : merges) {
            json.append(first ? "" : ",");
            if (o.legacyMergeStrings()) {
                json.append(str(m[0] + " " + m[1]));
            } else {
                json.append('[').append(str(m[0])).append(',').append(str(m[1])).append(']');
            }
            first = false;
        }
        json.append("]}}");
        try {
            Path file = Files.createTempFile(dir, "tokenizer", ".json");
            Files.writeString(file, json, StandardCharsets.UTF_8);
            tokenizer = HuggingFaceTokenizer.newInstance(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Encoding encode(String text) {
        return tokenizer.encode(text, false, false);
    }

    int[] ids(String text) {
        long[] ids = encode(text).getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    private static String str(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
