package io.m3j.tokenizer.json;

import io.m3j.tokenizer.TokenizerFormatException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTokenizerErrorsTest {
    private static final String MODEL = "\"model\": {\"type\": \"WordPiece\", \"unk_token\": \"[UNK]\", \"vocab\": {\"[UNK]\": 0, \"a\": 1}}";

    private static TokenizerFormatException fail(String json) {
        return assertThrows(TokenizerFormatException.class,
                () -> JsonTokenizer.parse(json.getBytes(StandardCharsets.UTF_8), "test/tokenizer.json"));
    }

    @Test
    void unsupportedComponentIsNamedWithItsPath() {
        TokenizerFormatException e = fail("{\"normalizer\": {\"type\": \"Sequence\", \"normalizers\": [{\"type\": \"Lowercase\"}, {\"type\": \"Cyrillic\"}]}, " + MODEL + "}");
        assertTrue(e.getMessage().contains("test/tokenizer.json"), e.getMessage());
        assertTrue(e.getMessage().contains("$.normalizer.normalizers[1]"), e.getMessage());
        assertTrue(e.getMessage().contains("Cyrillic"), e.getMessage());
    }

    @Test
    void unsupportedModelAndOptionValues() {
        assertTrue(fail("{\"model\": {\"type\": \"WordLevel\", \"vocab\": {}}}").getMessage().contains("WordLevel"));
        assertTrue(fail("{\"pre_tokenizer\": {\"type\": \"Metaspace\", \"replacement\": \"_\", \"prepend_scheme\": \"sometimes\"}, " + MODEL + "}")
                .getMessage().contains("sometimes"));
        assertTrue(fail("{\"pre_tokenizer\": {\"type\": \"Split\", \"pattern\": {\"String\": \" \"}, \"behavior\": \"Exploded\"}, " + MODEL + "}")
                .getMessage().contains("Exploded"));
    }

    @Test
    void corruptJsonAndWrongTypes() {
        assertTrue(fail("{\"model\": ").getMessage().contains("test/tokenizer.json: malformed JSON"));
        TokenizerFormatException e = fail("{\"model\": {\"type\": \"WordPiece\", \"unk_token\": \"[UNK]\", \"vocab\": {\"[UNK]\": \"zero\"}}}");
        assertTrue(e.getMessage().contains("$.model.vocab.[UNK]") && e.getMessage().contains("expected an integer"), e.getMessage());
        assertTrue(fail("{\"normalizer\": null}").getMessage().contains("missing required field 'model'"));
        assertTrue(fail("{\"model\": {\"type\": \"WordPiece\", \"vocab\": {\"a\": 0}}}").getMessage().contains("[UNK]"));
    }

    @Test
    void truncationAndPaddingBlocksAreExposedNotApplied() {
        JsonTokenizer t = JsonTokenizer.parse(Differential.resource("/fixtures/bert/tokenizer.json"), "bert");
        assertEquals(128, t.truncationMaxLength());
        assertEquals(128, t.padding().fixedLength());
        assertEquals(0, t.padId());
        String longText = "word ".repeat(300);
        assertEquals(302, t.encode(longText, true, 0).length());
        assertEquals(16, t.encode(longText, true, 16).length());
        assertEquals(102, t.encode(longText, true, 16).ids()[15]);
    }
}
