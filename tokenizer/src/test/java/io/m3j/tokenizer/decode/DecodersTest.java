package io.m3j.tokenizer.decode;

import io.m3j.tokenizer.testing.ComponentInputs;
import io.m3j.tokenizer.testing.HfComponents;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every decoder against the same Hugging Face decoder (native, through DJL) on hand-picked token
 * sequences and random ones drawn from tokens of all the kinds decoders treat specially.
 */
class DecodersTest {
    private static final List<String> POOL = List.of(
            "hello", "##ing", "##s", "##", "▁the", "▁", "▁▁", "x▁y", "Ġworld", "Ġ", "ĠĠ", "Ċ", "âĤ¬", "â", "Ã©",
            "<0x41>", "<0xE2>", "<0x82>", "<0xAC>", "<0xFF>", "<0x0A>", "<0x20>", "<0xf0>", "<0x9F>", "<0x98>", "<0x80>",
            ",", ".", "?", "!", "'", "'s", "n't", "'m", "'ve", "'re", "do", "not", " ", "  x ", "ab</w>", "c</w>", "</w>",
            "[CLS]", "é", "日本", "😀", "a b", "x ", " y", "xax", "axx", "xxa");
    private static List<List<String>> sequences;

    @BeforeAll
    static void inputs() {
        sequences = new ArrayList<>();
        sequences.add(List.of());
        sequences.add(List.of("hello", "##ing", ",", "do", "not", "'", "t", "it", "'s", "."));
        sequences.add(List.of("▁the", "▁", "x▁y", "▁▁"));
        sequences.add(List.of("Ġ", "Ġworld", "âĤ¬", "Ċ", "â"));
        sequences.add(List.of("<0xE2>", "<0x82>", "<0xAC>", "hello", "<0xE2>", "<0x82>", "<0xFF>", "<0x41>"));
        sequences.add(List.of("ab</w>", "c</w>", "</w>", "ab</w>"));
        sequences.add(List.of(" ", "  x ", " y", "x "));
        Random random = new Random(5);
        for (int i = 0; i < 300; i++) {
            List<String> s = new ArrayList<>();
            int n = 1 + random.nextInt(12);
            for (int k = 0; k < n; k++) s.add(POOL.get(random.nextInt(POOL.size())));
            sequences.add(s);
        }
    }

    static Stream<Arguments> decoders() {
        Decoder llama = new SequenceDecoder(List.of(new ReplaceDecoder("▁", null, " "), new ByteFallbackDecoder(), new FuseDecoder(),
                new StripDecoder(' ', 1, 0)));
        return Stream.of(
                Arguments.of("{\"type\":\"WordPiece\",\"prefix\":\"##\",\"cleanup\":true}", new WordPieceDecoder("##", true)),
                Arguments.of("{\"type\":\"WordPiece\",\"prefix\":\"##\",\"cleanup\":false}", new WordPieceDecoder("##", false)),
                Arguments.of("{\"type\":\"Metaspace\",\"replacement\":\"▁\",\"prepend_scheme\":\"always\",\"split\":true}", new MetaspaceDecoder('▁', true)),
                Arguments.of("{\"type\":\"Metaspace\",\"replacement\":\"▁\",\"prepend_scheme\":\"first\",\"split\":true}", new MetaspaceDecoder('▁', true)),
                Arguments.of("{\"type\":\"Metaspace\",\"replacement\":\"▁\",\"prepend_scheme\":\"never\",\"split\":false}", new MetaspaceDecoder('▁', false)),
                Arguments.of("{\"type\":\"ByteLevel\",\"add_prefix_space\":true,\"trim_offsets\":true,\"use_regex\":true}", new ByteLevelDecoder()),
                Arguments.of("{\"type\":\"ByteFallback\"}", new ByteFallbackDecoder()),
                Arguments.of("{\"type\":\"Fuse\"}", new FuseDecoder()),
                Arguments.of("{\"type\":\"Strip\",\"content\":\" \",\"start\":1,\"stop\":0}", new StripDecoder(' ', 1, 0)),
                // Hugging Face's Strip panics (slice out of range) on a token made only of `content` when
                // stop > 0, so these use a content no token of the pool consists of entirely.
                Arguments.of("{\"type\":\"Strip\",\"content\":\"x\",\"start\":0,\"stop\":2}", new StripDecoder('x', 0, 2)),
                Arguments.of("{\"type\":\"Strip\",\"content\":\"x\",\"start\":2,\"stop\":1}", new StripDecoder('x', 2, 1)),
                Arguments.of("{\"type\":\"Replace\",\"pattern\":{\"String\":\"▁\"},\"content\":\" \"}", new ReplaceDecoder("▁", null, " ")),
                Arguments.of("{\"type\":\"Replace\",\"pattern\":{\"Regex\":\"[a-z]+\"},\"content\":\"<w>\"}",
                        new ReplaceDecoder(null, Pattern.compile("[a-z]+", Pattern.UNICODE_CHARACTER_CLASS), "<w>")),
                Arguments.of("{\"type\":\"BPEDecoder\",\"suffix\":\"</w>\"}", new BpeDecoder("</w>")),
                // Llama / SentencePiece-BPE conversions.
                Arguments.of("{\"type\":\"Sequence\",\"decoders\":[{\"type\":\"Replace\",\"pattern\":{\"String\":\"▁\"},\"content\":\" \"},"
                        + "{\"type\":\"ByteFallback\"},{\"type\":\"Fuse\"},{\"type\":\"Strip\",\"content\":\" \",\"start\":1,\"stop\":0}]}", llama));
    }

    @ParameterizedTest
    @MethodSource("decoders")
    void sameTextAsHuggingFace(String json, Decoder ours) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < sequences.size(); i++) keys.add(Integer.toString(i));
        try (HfComponents.Decoding hf = HfComponents.decoder(json, withAll())) {
            ComponentInputs.assertSame(json, keys, k -> ours.decode(sequences.get(Integer.parseInt(k))),
                    k -> hf.decode(sequences.get(Integer.parseInt(k))));
        }
    }

    private static List<String> withAll() {
        List<String> all = new ArrayList<>(POOL);
        for (List<String> s : sequences) all.addAll(s);
        return all;
    }
}
