package io.m3j.tokenizer.normalize;

import io.m3j.tokenizer.spm.PrecompiledCharsMap;
import io.m3j.tokenizer.testing.ComponentInputs;
import io.m3j.tokenizer.testing.HfComponents;
import io.m3j.tokenizer.testing.OurComponents;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.text.Normalizer.Form;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every normalizer against the same Hugging Face normalizer (native, through DJL): the normalized
 * text and the original range of each of its characters, on hand-picked and generated texts.
 */
class NormalizersTest {
    private static List<String> texts;

    @BeforeAll
    static void inputs() {
        texts = ComponentInputs.texts(31, 120);
    }

    static Stream<Arguments> normalizers() throws IOException {
        String precompiled = precompiledJson();
        Normalizer ourPrecompiled = precompiled(precompiled);
        return Stream.of(
                Arguments.of("{\"type\":\"BertNormalizer\",\"clean_text\":true,\"handle_chinese_chars\":true,\"strip_accents\":null,\"lowercase\":true}",
                        new BertNormalizer(true, true, true, true)),
                Arguments.of("{\"type\":\"BertNormalizer\",\"clean_text\":true,\"handle_chinese_chars\":true,\"strip_accents\":false,\"lowercase\":false}",
                        new BertNormalizer(true, true, false, false)),
                Arguments.of("{\"type\":\"BertNormalizer\",\"clean_text\":false,\"handle_chinese_chars\":false,\"strip_accents\":true,\"lowercase\":false}",
                        new BertNormalizer(false, false, true, false)),
                Arguments.of("{\"type\":\"BertNormalizer\",\"clean_text\":true,\"handle_chinese_chars\":false,\"strip_accents\":false,\"lowercase\":true}",
                        new BertNormalizer(true, false, false, true)),
                Arguments.of("{\"type\":\"Lowercase\"}", new LowercaseNormalizer()),
                Arguments.of("{\"type\":\"NFC\"}", new UnicodeNormalizer(Form.NFC)),
                Arguments.of("{\"type\":\"NFD\"}", new UnicodeNormalizer(Form.NFD)),
                Arguments.of("{\"type\":\"NFKC\"}", new UnicodeNormalizer(Form.NFKC)),
                Arguments.of("{\"type\":\"NFKD\"}", new UnicodeNormalizer(Form.NFKD)),
                Arguments.of("{\"type\":\"StripAccents\"}", new StripAccentsNormalizer()),
                Arguments.of("{\"type\":\"Strip\",\"strip_left\":true,\"strip_right\":true}", new StripNormalizer(true, true)),
                Arguments.of("{\"type\":\"Strip\",\"strip_left\":false,\"strip_right\":true}", new StripNormalizer(false, true)),
                Arguments.of("{\"type\":\"Strip\",\"strip_left\":true,\"strip_right\":false}", new StripNormalizer(true, false)),
                Arguments.of("{\"type\":\"Prepend\",\"prepend\":\"▁\"}", new PrependNormalizer("▁")),
                Arguments.of("{\"type\":\"Replace\",\"pattern\":{\"String\":\" \"},\"content\":\"▁\"}", ReplaceNormalizer.literal(" ", "▁")),
                Arguments.of("{\"type\":\"Replace\",\"pattern\":{\"String\":\"e\"},\"content\":\"\"}", ReplaceNormalizer.literal("e", "")),
                Arguments.of("{\"type\":\"Replace\",\"pattern\":{\"String\":\"a\"},\"content\":\"<A>\"}", ReplaceNormalizer.literal("a", "<A>")),
                Arguments.of("{\"type\":\"Replace\",\"pattern\":{\"Regex\":\" {2,}\"},\"content\":\"▁\"}",
                        ReplaceNormalizer.regex(java.util.regex.Pattern.compile(" {2,}"), "▁")),
                Arguments.of("{\"type\":\"Replace\",\"pattern\":{\"Regex\":\"\\\\s+\"},\"content\":\" \"}",
                        ReplaceNormalizer.regex(java.util.regex.Pattern.compile("\\s+", java.util.regex.Pattern.UNICODE_CHARACTER_CLASS), " ")),
                Arguments.of("{\"type\":\"Sequence\",\"normalizers\":[{\"type\":\"NFD\"},{\"type\":\"StripAccents\"},{\"type\":\"Lowercase\"}]}",
                        new SequenceNormalizer(List.of(new UnicodeNormalizer(Form.NFD), new StripAccentsNormalizer(), new LowercaseNormalizer()))),
                Arguments.of(precompiled, ourPrecompiled),
                // The normalizer of the published xlm-roberta / bge-m3 tokenizer.json.
                Arguments.of("{\"type\":\"Sequence\",\"normalizers\":[" + precompiled + ",{\"type\":\"Strip\",\"strip_left\":false,\"strip_right\":true},"
                                + "{\"type\":\"Replace\",\"pattern\":{\"Regex\":\" {2,}\"},\"content\":\"▁\"}]}",
                        new SequenceNormalizer(List.of(ourPrecompiled, new StripNormalizer(false, true),
                                ReplaceNormalizer.regex(java.util.regex.Pattern.compile(" {2,}"), "▁")))));
    }

    @ParameterizedTest
    @MethodSource("normalizers")
    void sameTextAndAlignmentsAsHuggingFace(String json, Normalizer ours) {
        try (HfComponents.Observer hf = HfComponents.observer(json, null)) {
            ComponentInputs.assertSame(json.length() > 200 ? json.substring(0, 200) : json, texts,
                    t -> OurComponents.normalize(ours, t), hf::normalize);
        }
    }

    @Test
    void precompiledComposesAndAlignsToTheFirstCharacter() throws IOException {
        // From Hugging Face's transform rule: "e" + U+0301 composed to "é" maps to the "e" alone.
        List<HfComponents.Piece> pieces = OurComponents.normalize(precompiled(precompiledJson()), "e\u0301x");
        assertEquals(List.of(new HfComponents.Piece("é", 0, 1), new HfComponents.Piece("x", 2, 3)), pieces);
    }

    private static String precompiledJson() throws IOException {
        try (InputStream in = NormalizersTest.class.getResourceAsStream("/fixtures/spm/hf_xlmr/tokenizer.json")) {
            return HfComponents.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).get("normalizer").toString();
        }
    }

    private static Normalizer precompiled(String json) {
        String blob = HfComponents.parse(json).get("precompiled_charsmap").asText();
        return new PrecompiledNormalizer(PrecompiledCharsMap.parse(Base64.getDecoder().decode(blob)));
    }
}
