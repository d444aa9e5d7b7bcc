package io.m3j.tokenizer.testing;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What ONE Hugging Face tokenizer component does, observed through the native library (DJL): the
 * component is put in a tokenizer.json whose other parts make its effect visible.
 *
 * <p>The model is a BPE with the 256 byte tokens {@code <0x00>..<0xFF>}, no merges and byte
 * fallback, so every byte of the normalized text becomes one token carrying the original offsets of
 * the character it belongs to, and the word id of the pre-token it belongs to. Offsets are in code
 * points of the original text (DJL's char spans).
 */
public final class HfComponents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HfComponents() {
    }

    /** A piece of text with the original range (code points) it came from. */
    public record Piece(String text, int start, int end) {
        @Override
        public String toString() {
            return ComponentInputs.escape(text) + "@" + start + "-" + end;
        }
    }

    /**
     * A Hugging Face tokenizer with the byte model and the given normalizer and/or pre-tokenizer;
     * {@link #normalize} and {@link #preTokenize} observe them.
     */
    public static Observer observer(String normalizerJson, String preTokenizerJson) {
        return new Observer(load(byteTokenizer(normalizerJson, preTokenizerJson)));
    }

    /** See {@link #observer}. */
    public static final class Observer implements AutoCloseable {
        private final HuggingFaceTokenizer hf;

        private Observer(HuggingFaceTokenizer hf) {
            this.hf = hf;
        }

        /**
         * The normalized text as code points with the original range each one is aligned to (that of
         * its first byte).
         */
        public List<Piece> normalize(String text) {
            return bytesToChars(encodeBytes(hf, text).bytes);
        }

        /** The pre-tokens of {@code text} with their original ranges. */
        public List<Piece> preTokenize(String text) {
            ByteTokens t = encodeBytes(hf, text);
            List<Piece> out = new ArrayList<>();
            int i = 0;
            while (i < t.bytes.size()) {
                int j = i;
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                while (j < t.bytes.size() && t.wordIds[j] == t.wordIds[i]) bytes.write(t.bytes.get(j++).value);
                out.add(new Piece(bytes.toString(StandardCharsets.UTF_8), t.bytes.get(i).start, t.bytes.get(j - 1).end));
                i = j;
            }
            return out;
        }

        @Override
        public void close() {
            hf.close();
        }
    }

    /** A Hugging Face tokenizer whose vocabulary is {@code vocabulary} and whose decoder is the given one. */
    public static Decoding decoder(String decoderJson, List<String> vocabulary) {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (String t : vocabulary) vocab.putIfAbsent(t, vocab.size());
        ObjectNode root = tokenizer(null, null, bpe(vocab, false));
        root.set("decoder", parse(decoderJson));
        return new Decoding(load(root), vocab);
    }

    /** See {@link #decoder}. */
    public static final class Decoding implements AutoCloseable {
        private final HuggingFaceTokenizer hf;
        private final Map<String, Integer> vocab;

        private Decoding(HuggingFaceTokenizer hf, Map<String, Integer> vocab) {
            this.hf = hf;
            this.vocab = vocab;
        }

        /** What the decoder makes of {@code tokens} (Tokenizer::decode, skipping nothing). */
        public String decode(List<String> tokens) {
            long[] ids = new long[tokens.size()];
            for (int i = 0; i < ids.length; i++) ids[i] = vocab.get(tokens.get(i));
            return hf.batchDecode(new long[][]{ids}, false)[0];
        }

        @Override
        public void close() {
            hf.close();
        }
    }

    /** A complete tokenizer.json with the byte model, for tests that compare whole encodings. */
    public static ObjectNode byteTokenizer(String normalizerJson, String preTokenizerJson) {
        return tokenizer(normalizerJson, preTokenizerJson, bpe(byteVocab(), true));
    }

    /** Loads a tokenizer.json with truncation and padding off. */
    public static HuggingFaceTokenizer load(JsonNode tokenizerJson) {
        try {
            byte[] bytes = JSON.writeValueAsBytes(tokenizerJson);
            return HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(bytes), Map.of("truncation", "false", "padding", "false"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record ByteToken(int value, int start, int end) {
    }

    private record ByteTokens(List<ByteToken> bytes, long[] wordIds) {
    }

    private static ByteTokens encodeBytes(HuggingFaceTokenizer hf, String text) {
        Encoding e = hf.encode(text, false, false);
        String[] tokens = e.getTokens();
        CharSpan[] spans = e.getCharTokenSpans();
        List<ByteToken> bytes = new ArrayList<>(tokens.length);
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i];
            if (t.length() != 6 || !t.startsWith("<0x")) throw new IllegalStateException("not a byte token: " + t);
            bytes.add(new ByteToken(Integer.parseInt(t.substring(3, 5), 16), spans[i].getStart(), spans[i].getEnd()));
        }
        return new ByteTokens(bytes, e.getWordIds());
    }

    /** Groups byte tokens into code points; each keeps the range of its first byte. */
    private static List<Piece> bytesToChars(List<ByteToken> bytes) {
        List<Piece> out = new ArrayList<>();
        int i = 0;
        while (i < bytes.size()) {
            int b = bytes.get(i).value;
            int len = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
            byte[] utf8 = new byte[len];
            for (int k = 0; k < len; k++) utf8[k] = (byte) bytes.get(i + k).value;
            out.add(new Piece(new String(utf8, StandardCharsets.UTF_8), bytes.get(i).start, bytes.get(i).end));
            i += len;
        }
        return out;
    }

    private static Map<String, Integer> byteVocab() {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (int b = 0; b < 256; b++) vocab.put(String.format("<0x%02X>", b), b);
        return vocab;
    }

    private static ObjectNode bpe(Map<String, Integer> vocab, boolean byteFallback) {
        ObjectNode model = JSON.createObjectNode();
        model.put("type", "BPE");
        model.set("dropout", NullNode.instance);
        model.set("unk_token", NullNode.instance);
        model.set("continuing_subword_prefix", NullNode.instance);
        model.set("end_of_word_suffix", NullNode.instance);
        model.put("fuse_unk", false);
        model.put("byte_fallback", byteFallback);
        ObjectNode v = model.putObject("vocab");
        vocab.forEach(v::put);
        model.putArray("merges");
        return model;
    }

    private static ObjectNode tokenizer(String normalizerJson, String preTokenizerJson, ObjectNode model) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.set("truncation", NullNode.instance);
        root.set("padding", NullNode.instance);
        root.putArray("added_tokens");
        root.set("normalizer", normalizerJson == null ? NullNode.instance : parse(normalizerJson));
        root.set("pre_tokenizer", preTokenizerJson == null ? NullNode.instance : parse(preTokenizerJson));
        root.set("post_processor", NullNode.instance);
        root.set("decoder", NullNode.instance);
        root.set("model", model);
        return root;
    }
}
