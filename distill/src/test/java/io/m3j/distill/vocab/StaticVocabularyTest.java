package io.m3j.distill.vocab;

import com.fasterxml.jackson.databind.JsonNode;
import io.m3j.distill.TestModels;
import io.m3j.tokenizer.json.JsonTokenizer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The static vocabulary of the bert fixture teacher against the one model2vec made (fixtures/model2vec). */
class StaticVocabularyTest {
    private static final JsonNode TEACHER_JSON = TestModels.json("/fixtures/bert/tokenizer.json");
    private static final JsonTokenizer TEACHER = JsonTokenizer.load(TestModels.resource("/fixtures/bert/tokenizer.json"));
    private static final Pattern UNUSED = Pattern.compile(StaticVocabulary.DEFAULT_REMOVE_PATTERN);

    @Test
    void vocabularyMatchesModel2vec() {
        StaticVocabulary v = StaticVocabulary.build(TEACHER_JSON, TEACHER, List.of(), UNUSED, 512);
        JsonNode reference = TestModels.json("/fixtures/model2vec/model/tokenizer.json").get("model").get("vocab");
        assertEquals(reference.size(), v.size());
        int same = 0;
        for (Map.Entry<String, JsonNode> e : reference.properties()) {
            if (v.tokens().get(e.getValue().asInt()).equals(e.getKey())) same++;
        }
        System.out.printf("static vocabulary vs model2vec: %d/%d tokens at the same id%n", same, reference.size());
        assertEquals(reference.size(), same);
        // Written vocabulary equals the reference's, and the kept added tokens are [PAD] and [UNK] at their new ids.
        assertEquals(reference, v.tokenizerJson().get("model").get("vocab"));
        List<String> added = new ArrayList<>();
        for (JsonNode t : v.tokenizerJson().get("added_tokens")) added.add(t.get("content").asText() + "=" + t.get("id").asInt());
        assertEquals(List.of("[PAD]=0", "[UNK]=1"), added);
        assertTrue(v.tokenizerJson().get("post_processor").isNull());
        assertEquals(512, v.tokenizerJson().get("truncation").get("max_length").asInt());
    }

    @Test
    void teacherInputsMatchModel2vec() {
        StaticVocabulary v = StaticVocabulary.build(TEACHER_JSON, TEACHER, List.of(), UNUSED, 512);
        JsonNode expected = TestModels.json("/fixtures/model2vec/expected.json").get("teacher_inputs_first5");
        // Tokens 0 and 1 ([PAD], [UNK]) as recorded. For tokens 2-4 the fixture records ids one lower
        // than the teacher's ids of "!", '"', "#", but its pre-PCA rows are the teacher's vectors for
        // the teacher's ids (StaticDistillerFixtureTest.preProcessingRowsMatchModel2vec).
        assertArrayEquals(TestModels.ints(expected.get(0)), v.teacherInputs().get(0));
        assertArrayEquals(TestModels.ints(expected.get(1)), v.teacherInputs().get(1));
        for (int i = 0; i < v.size(); i++) {
            int[] in = v.teacherInputs().get(i);
            assertArrayEquals(new int[]{101, TEACHER.tokenToId(v.tokens().get(i)), 102}, in, "token " + i);
        }
    }

    @Test
    void customWordsFollowModel2vecRules() {
        // "hello" is already a token (skipped); "Tokenization" normalizes to one new piece;
        // "New York" pre-tokenizes into two pieces (multi-piece added token); "[unused5]" splits too.
        StaticVocabulary v = StaticVocabulary.build(TEACHER_JSON, TEACHER,
                List.of("hello", "Tokenization", "tokenization", "New York", "  new york ", ""), UNUSED, 512);
        int base = 29525;
        assertEquals(base + 2, v.size());
        assertEquals("tokenization", v.tokens().get(base));
        assertEquals("new york", v.tokens().get(base + 1));
        assertEquals(1, v.customTokens());
        assertEquals(1, v.customMultiPieceTokens());
        // Teacher inputs of words the teacher lacks are the teacher's own encoding with specials.
        assertArrayEquals(TEACHER.encode("tokenization", true, 0).ids(), v.teacherInputs().get(base));
        assertArrayEquals(TEACHER.encode("new york", true, 0).ids(), v.teacherInputs().get(base + 1));
        assertTrue(v.teacherInputs().get(base).length > 3);
        JsonNode last = v.tokenizerJson().get("added_tokens").get(2);
        assertEquals("new york", last.get("content").asText());
        assertEquals(base + 1, last.get("id").asInt());
        assertFalse(last.get("special").asBoolean());
        assertEquals(base, v.tokenizerJson().get("model").get("vocab").get("tokenization").asInt());
        // The static tokenizer finds both: the new vocabulary token and the multi-piece added token.
        JsonTokenizer written = JsonTokenizer.parse(v.tokenizerJson().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), "static");
        assertEquals(List.of(base + 1, base), Arrays.stream(written.encode("New York tokenization", false, 0).ids()).boxed().toList());
    }

    @Test
    void noRemovalPatternKeepsUnusedTokens() {
        StaticVocabulary v = StaticVocabulary.build(TEACHER_JSON, TEACHER, List.of(), null, 0);
        assertEquals(30522 - 3, v.size());
        assertTrue(v.tokens().contains("[unused0]"));
        assertFalse(v.tokens().contains("[CLS]"));
        assertEquals(128, v.tokenizerJson().get("truncation").get("max_length").asInt());
    }
}
