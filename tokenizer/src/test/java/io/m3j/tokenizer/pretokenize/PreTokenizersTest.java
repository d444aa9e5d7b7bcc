package io.m3j.tokenizer.pretokenize;

import io.m3j.tokenizer.pretokenize.MetaspacePreTokenizer.PrependScheme;
import io.m3j.tokenizer.testing.ComponentInputs;
import io.m3j.tokenizer.testing.HfComponents;
import io.m3j.tokenizer.testing.OurComponents;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every pre-tokenizer against the same Hugging Face pre-tokenizer (native, through DJL): the pieces
 * and the original range of each, on hand-picked and generated texts.
 */
class PreTokenizersTest {
    /** Llama 3's split pattern (Oniguruma syntax as found in tokenizer.json files). */
    private static final String LLAMA3 = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    private static List<String> texts;

    @BeforeAll
    static void inputs() {
        texts = ComponentInputs.texts(47, 120);
    }

    private static Pattern regex(String oniguruma) {
        return Pattern.compile(oniguruma, Pattern.UNICODE_CHARACTER_CLASS); // as TokenizerJsonParser compiles it
    }

    private static String json(String s) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(s).toString();
    }

    static Stream<Arguments> preTokenizers() {
        Stream.Builder<Arguments> b = Stream.builder();
        b.add(Arguments.of("{\"type\":\"BertPreTokenizer\"}", new BertPreTokenizer()));
        b.add(Arguments.of("{\"type\":\"Whitespace\"}", new WhitespacePreTokenizer()));
        b.add(Arguments.of("{\"type\":\"WhitespaceSplit\"}", new WhitespaceSplitPreTokenizer()));
        for (boolean prefix : new boolean[]{true, false}) {
            for (boolean useRegex : new boolean[]{true, false}) {
                b.add(Arguments.of("{\"type\":\"ByteLevel\",\"add_prefix_space\":" + prefix + ",\"trim_offsets\":true,\"use_regex\":" + useRegex + "}",
                        new ByteLevelPreTokenizer(prefix, useRegex)));
            }
        }
        b.add(Arguments.of("{\"type\":\"Digits\",\"individual_digits\":true}", new DigitsPreTokenizer(true)));
        b.add(Arguments.of("{\"type\":\"Digits\",\"individual_digits\":false}", new DigitsPreTokenizer(false)));
        for (PrependScheme scheme : PrependScheme.values()) {
            for (boolean split : new boolean[]{true, false}) {
                b.add(Arguments.of("{\"type\":\"Metaspace\",\"replacement\":\"▁\",\"prepend_scheme\":\"" + scheme.name().toLowerCase(java.util.Locale.ROOT)
                        + "\",\"split\":" + split + "}", new MetaspacePreTokenizer('▁', scheme, split)));
            }
        }
        String[] behaviors = {"Removed", "Isolated", "MergedWithPrevious", "MergedWithNext", "Contiguous"};
        for (String behavior : behaviors) {
            SplitBehavior ours = SplitBehavior.fromJson(behavior);
            b.add(Arguments.of("{\"type\":\"Punctuation\",\"behavior\":\"" + behavior + "\"}", new PunctuationPreTokenizer(ours)));
            b.add(Arguments.of("{\"type\":\"Split\",\"pattern\":{\"String\":\" \"},\"behavior\":\"" + behavior + "\",\"invert\":false}",
                    new SplitPreTokenizer(" ", null, ours, false)));
            b.add(Arguments.of("{\"type\":\"Split\",\"pattern\":{\"Regex\":\"\\\\s+\"},\"behavior\":\"" + behavior + "\",\"invert\":false}",
                    new SplitPreTokenizer(null, regex("\\s+"), ours, false)));
            b.add(Arguments.of("{\"type\":\"Split\",\"pattern\":{\"Regex\":\"\\\\p{L}+\"},\"behavior\":\"" + behavior + "\",\"invert\":true}",
                    new SplitPreTokenizer(null, regex("\\p{L}+"), ours, true)));
        }
        b.add(Arguments.of("{\"type\":\"Split\",\"pattern\":{\"Regex\":" + json(LLAMA3) + "},\"behavior\":\"Isolated\",\"invert\":false}",
                new SplitPreTokenizer(null, regex(LLAMA3), SplitBehavior.ISOLATED, false)));
        b.add(Arguments.of("{\"type\":\"Sequence\",\"pretokenizers\":[{\"type\":\"WhitespaceSplit\"},"
                        + "{\"type\":\"Metaspace\",\"replacement\":\"▁\",\"prepend_scheme\":\"always\",\"split\":true}]}",
                new SequencePreTokenizer(List.of(new WhitespaceSplitPreTokenizer(), new MetaspacePreTokenizer('▁', PrependScheme.ALWAYS, true)))));
        b.add(Arguments.of("{\"type\":\"Sequence\",\"pretokenizers\":[{\"type\":\"Digits\",\"individual_digits\":true},"
                        + "{\"type\":\"ByteLevel\",\"add_prefix_space\":false,\"trim_offsets\":true,\"use_regex\":true}]}",
                new SequencePreTokenizer(List.of(new DigitsPreTokenizer(true), new ByteLevelPreTokenizer(false, true)))));
        return b.build();
    }

    @ParameterizedTest
    @MethodSource("preTokenizers")
    void samePiecesAsHuggingFace(String json, PreTokenizer ours) {
        try (HfComponents.Observer hf = HfComponents.observer(null, json)) {
            ComponentInputs.assertSame(json, texts, t -> OurComponents.preTokenize(ours, t), hf::preTokenize);
        }
    }
}
