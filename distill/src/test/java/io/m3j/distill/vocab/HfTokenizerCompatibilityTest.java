package io.m3j.distill.vocab;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.m3j.distill.TestModels;
import io.m3j.tokenizer.json.JsonTokenizer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The static tokenizer.json we write (vocabulary cut, added tokens renumbered, custom words added)
 * loads in Hugging Face tokenizers, the library Python's model2vec and sentence-transformers use,
 * and tokenizes as our loader does.
 */
class HfTokenizerCompatibilityTest {

    @Test
    void writtenWordPieceTokenizerLoadsInHuggingFaceTokenizers() throws Exception {
        check("/fixtures/bert/tokenizer.json", List.of("Tokenization", "New York", "héllo wörld"));
    }

    @Test
    void writtenUnigramTokenizerLoadsInHuggingFaceTokenizers() throws Exception {
        check("/fixtures/xlmr/tokenizer.json", List.of());
    }

    private static void check(String teacherResource, List<String> customWords) throws Exception {
        JsonTokenizer teacher = JsonTokenizer.load(TestModels.resource(teacherResource));
        StaticVocabulary v = StaticVocabulary.build(TestModels.json(teacherResource), teacher, customWords,
                Pattern.compile(StaticVocabulary.DEFAULT_REMOVE_PATTERN), 512);
        byte[] json = v.tokenizerJson().toString().getBytes(StandardCharsets.UTF_8);
        JsonTokenizer ours = JsonTokenizer.parse(json, "static");
        List<String> texts = TestModels.strings(TestModels.json("/fixtures/model2vec/expected.json").get("texts"));
        int same = 0;
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json),
                Map.of("truncation", "false", "padding", "false"))) {
            for (String text : texts) {
                int[] want = Arrays.stream(hf.encode(text, false, false).getIds()).mapToInt(x -> (int) x).toArray();
                if (Arrays.equals(want, ours.encode(text, false, 0).ids())) same++;
                else System.out.println("differs: " + text);
            }
            for (String word : customWords) {
                int[] want = Arrays.stream(hf.encode(word, false, false).getIds()).mapToInt(x -> (int) x).toArray();
                assertEquals(Arrays.toString(want), Arrays.toString(ours.encode(word, false, 0).ids()), word);
            }
        }
        System.out.printf("static tokenizer.json from %s in HF tokenizers: %d/%d texts tokenized identically%n", teacherResource, same, texts.size());
        assertEquals(texts.size(), same);
    }
}
