package io.m3j.tokenizer.postprocess;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.m3j.tokenizer.Encoding;
import io.m3j.tokenizer.TokenizerFormatException;
import io.m3j.tokenizer.json.JsonTokenizer;
import io.m3j.tokenizer.model.ByteLevelAlphabet;
import io.m3j.tokenizer.testing.ComponentInputs;
import io.m3j.tokenizer.testing.HfComponents;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every post-processor against the same Hugging Face post-processor (native, through DJL), in a
 * byte-level BPE tokenizer whose tokens carry leading and trailing Ġ: ids, tokens, type ids, special
 * tokens mask and offsets of single texts and pairs, with and without special tokens.
 */
class PostProcessorsTest {
    private static final String SPECIALS = "\"special_tokens\":{\"[CLS]\":{\"id\":\"[CLS]\",\"ids\":[300],\"tokens\":[\"[CLS]\"]},"
            + "\"[SEP]\":{\"id\":\"[SEP]\",\"ids\":[301],\"tokens\":[\"[SEP]\"]},"
            + "\"<pair>\":{\"id\":\"<pair>\",\"ids\":[302,303],\"tokens\":[\"<s>\",\"</s>\"]}}";
    private static final String BERT_TEMPLATE = "{\"type\":\"TemplateProcessing\","
            + "\"single\":[{\"SpecialToken\":{\"id\":\"[CLS]\",\"type_id\":0}},{\"Sequence\":{\"id\":\"A\",\"type_id\":0}},{\"SpecialToken\":{\"id\":\"[SEP]\",\"type_id\":0}}],"
            + "\"pair\":[{\"SpecialToken\":{\"id\":\"[CLS]\",\"type_id\":0}},{\"Sequence\":{\"id\":\"A\",\"type_id\":0}},{\"SpecialToken\":{\"id\":\"[SEP]\",\"type_id\":0}},"
            + "{\"Sequence\":{\"id\":\"B\",\"type_id\":1}},{\"SpecialToken\":{\"id\":\"[SEP]\",\"type_id\":1}}]," + SPECIALS + "}";
    private static final String ODD_TEMPLATE = "{\"type\":\"TemplateProcessing\","
            + "\"single\":[{\"Sequence\":{\"id\":\"A\",\"type_id\":2}},{\"SpecialToken\":{\"id\":\"<pair>\",\"type_id\":1}}],"
            + "\"pair\":[{\"SpecialToken\":{\"id\":\"<pair>\",\"type_id\":3}},{\"Sequence\":{\"id\":\"B\",\"type_id\":0}},{\"SpecialToken\":{\"id\":\"[SEP]\",\"type_id\":1}},"
            + "{\"Sequence\":{\"id\":\"A\",\"type_id\":1}}]," + SPECIALS + "}";
    private static final String BERT = "{\"type\":\"BertProcessing\",\"sep\":[\"[SEP]\",301],\"cls\":[\"[CLS]\",300]}";

    private static String byteLevel(boolean trim, boolean prefix) {
        return "{\"type\":\"ByteLevel\",\"add_prefix_space\":" + prefix + ",\"trim_offsets\":" + trim + ",\"use_regex\":true}";
    }

    private static String roberta(boolean trim, boolean prefix) {
        return "{\"type\":\"RobertaProcessing\",\"sep\":[\"</s>\",303],\"cls\":[\"<s>\",302],\"trim_offsets\":" + trim + ",\"add_prefix_space\":" + prefix + "}";
    }

    private static String sequence(String... processors) {
        return "{\"type\":\"Sequence\",\"processors\":[" + String.join(",", processors) + "]}";
    }

    private static List<String> texts;

    @BeforeAll
    static void inputs() {
        texts = new ArrayList<>();
        // BMP only, so that Hugging Face's offsets (code points) and ours (UTF-16) compare directly.
        for (String t : ComponentInputs.texts(61, 80)) if (t.length() == t.codePointCount(0, t.length())) texts.add(t);
    }

    static Stream<String> postProcessors() {
        return Stream.of(BERT_TEMPLATE, ODD_TEMPLATE, BERT,
                roberta(true, true), roberta(true, false), roberta(false, true),
                byteLevel(true, true), byteLevel(true, false), byteLevel(false, false),
                sequence(byteLevel(true, false), BERT_TEMPLATE), sequence(BERT_TEMPLATE, byteLevel(true, true)),
                sequence(BERT, byteLevel(true, false)), sequence(byteLevel(true, true), roberta(false, false)),
                sequence(roberta(true, true), BERT), sequence(BERT, BERT_TEMPLATE), sequence());
    }

    /**
     * A byte-level BPE (GPT-2 alphabet, merges that make tokens with leading and trailing Ġ) with the
     * given pre-tokenizer settings and post-processor, and the special tokens the processors use.
     */
    private static byte[] tokenizerJson(String postProcessor, boolean useRegex) {
        ObjectNode root = HfComponents.byteTokenizer(null, "{\"type\":\"ByteLevel\",\"add_prefix_space\":false,\"trim_offsets\":true,\"use_regex\":" + useRegex + "}");
        ObjectNode model = (ObjectNode) root.get("model");
        ObjectNode vocab = model.putObject("vocab");
        for (int b = 0; b < 256; b++) vocab.put(String.valueOf(ByteLevelAlphabet.byteToChar(b)), b);
        ArrayNode merges = model.putArray("merges");
        String[][] pairs = {{"Ġ", "Ġ"}, {"ĠĠ", "Ġ"}, {"Ġ", "a"}, {"Ġ", "t"}, {"Ġt", "h"}, {"Ġth", "e"}, {"e", "Ġ"}, {"a", "Ġ"},
                {"l", "l"}, {"Ġ", "w"}, {"ll", "o"}, {"ĠĠ", "a"}, {"o", "Ġ"}, {"Ċ", "Ġ"}, {"Ġ", "Ċ"}};
        for (String[] p : pairs) {
            merges.addArray().add(p[0]).add(p[1]);
            vocab.put(p[0] + p[1], vocab.size());
        }
        // Hugging Face renumbers added tokens that do not follow the vocabulary: fill it up to id 299.
        for (int id = vocab.size(); id < 300; id++) vocab.put("<unused" + id + ">", id);
        model.put("byte_fallback", false);
        ArrayNode added = root.putArray("added_tokens");
        String[] specials = {"[CLS]", "[SEP]", "<s>", "</s>"};
        for (int i = 0; i < specials.length; i++) {
            added.addObject().put("id", 300 + i).put("content", specials[i]).put("single_word", false).put("lstrip", false)
                    .put("rstrip", false).put("normalized", false).put("special", true);
        }
        root.set("post_processor", HfComponents.parse(postProcessor));
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @MethodSource("postProcessors")
    void sameEncodingsAsHuggingFace(String postProcessor) {
        for (boolean useRegex : new boolean[]{true, false}) {
            byte[] json = tokenizerJson(postProcessor, useRegex);
            JsonTokenizer ours = JsonTokenizer.parse(json, "post-processor test");
            try (HuggingFaceTokenizer hf = HfComponents.load(HfComponents.parse(new String(json, StandardCharsets.UTF_8)))) {
                List<String> cases = new ArrayList<>();
                for (int i = 0; i < texts.size(); i++) cases.add(Integer.toString(i));
                for (boolean special : new boolean[]{true, false}) {
                    String label = postProcessor + " (use_regex " + useRegex + ", special tokens " + special + ")";
                    ComponentInputs.assertSame(label + " single", cases,
                            k -> describe(ours.encode(texts.get(Integer.parseInt(k)), special, 0)),
                            k -> describe(hf.encode(texts.get(Integer.parseInt(k)), special, false)));
                    ComponentInputs.assertSame(label + " pair", cases,
                            k -> describe(ours.encodePair(texts.get(Integer.parseInt(k)), second(k), special, 0)),
                            k -> describe(hf.encode(texts.get(Integer.parseInt(k)), second(k), special, false)));
                }
            }
        }
    }

    private static String second(String k) {
        return texts.get((Integer.parseInt(k) * 5 + 3) % texts.size());
    }

    private static String describe(Encoding e) {
        return "ids " + Arrays.toString(e.ids()) + " tokens " + Arrays.toString(e.tokens()) + " types " + Arrays.toString(e.typeIds())
                + " special " + Arrays.toString(e.specialTokensMask()) + " starts " + Arrays.toString(e.starts())
                + " ends " + Arrays.toString(e.ends());
    }

    private static String describe(ai.djl.huggingface.tokenizers.Encoding e) {
        CharSpan[] spans = e.getCharTokenSpans();
        int[] starts = new int[spans.length];
        int[] ends = new int[spans.length];
        for (int i = 0; i < spans.length; i++) {
            starts[i] = spans[i] == null ? 0 : spans[i].getStart();
            ends[i] = spans[i] == null ? 0 : spans[i].getEnd();
        }
        return "ids " + Arrays.toString(Arrays.stream(e.getIds()).mapToInt(x -> (int) x).toArray()) + " tokens " + Arrays.toString(e.getTokens())
                + " types " + Arrays.toString(Arrays.stream(e.getTypeIds()).mapToInt(x -> (int) x).toArray())
                + " special " + Arrays.toString(Arrays.stream(e.getSpecialTokenMask()).mapToInt(x -> (int) x).toArray())
                + " starts " + Arrays.toString(starts) + " ends " + Arrays.toString(ends);
    }

    @Test
    void aTemplateAfterATemplateIsRejectedByName() {
        TokenizerFormatException e = assertThrows(TokenizerFormatException.class,
                () -> JsonTokenizer.parse(tokenizerJson(sequence(BERT_TEMPLATE, BERT_TEMPLATE), true), "test.json"));
        assertTrue(e.getMessage().contains("TemplateProcessing after another TemplateProcessing"), e.getMessage());
    }
}
