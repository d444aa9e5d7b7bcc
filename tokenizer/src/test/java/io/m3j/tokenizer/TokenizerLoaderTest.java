package io.m3j.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.m3j.tokenizer.testing.TestCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class TokenizerLoaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path copy(String resource, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        try (InputStream in = TokenizerLoaderTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
        return to;
    }

    private static JsonNode expected(String resource) throws IOException {
        try (InputStream in = TokenizerLoaderTest.class.getResourceAsStream(resource)) {
            return JSON.readTree(in);
        }
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).asInt();
        return out;
    }

    @Test
    void modelFileGivesRawSentencePieceIdsWithoutSpecialTokens(@TempDir Path dir) throws IOException {
        Tokenizer t = Tokenizer.load(copy("/fixtures/spm/unigram.model", dir.resolve("unigram.model")));
        JsonNode samples = expected("/fixtures/spm/samples.json");
        JsonNode ids = expected("/fixtures/spm/unigram.expected.json").get("ids");
        for (int i = 0; i < samples.size(); i++) {
            assertArrayEquals(ints(ids.get(i)), t.encode(samples.get(i).asText()).ids(), "sample " + i);
        }
    }

    @Test
    void folderPrefersTokenizerJsonThenSentencePieceThenVocabTxt(@TempDir Path dir) throws IOException {
        JsonNode samples = expected("/fixtures/spm/samples.json");
        JsonNode hf = expected("/fixtures/spm/hf_xlmr.expected.json");

        Path jsonFolder = dir.resolve("json");
        copy("/fixtures/spm/hf_xlmr/tokenizer.json", jsonFolder.resolve("tokenizer.json"));
        copy("/fixtures/spm/unigram.model", jsonFolder.resolve("sentencepiece.bpe.model"));
        Tokenizer fromJson = Tokenizer.load(jsonFolder);

        Path spmFolder = dir.resolve("spm");
        copy("/fixtures/spm/unigram.model", spmFolder.resolve("sentencepiece.bpe.model"));
        Tokenizer fromSpm = Tokenizer.load(spmFolder);

        // Both give XLM-RoBERTa ids; they differ only where the two references differ (MANIFEST).
        List<Integer> disagreements = new ArrayList<>();
        for (JsonNode d : hf.get("disagreements_vs_spm")) disagreements.add(d.get("index").asInt());
        int same = 0;
        for (int i = 0; i < samples.size(); i++) {
            String text = samples.get(i).asText();
            assertArrayEquals(ints(hf.get("ids_with_special").get(i)), fromJson.encode(text).ids(), "json, sample " + i);
            if (!disagreements.contains(i)) {
                assertArrayEquals(ints(hf.get("ids_with_special").get(i)), fromSpm.encode(text).ids(), "spm, sample " + i);
                same++;
            }
        }
        assertEquals(samples.size() - disagreements.size(), same);

        // A folder with only vocab.txt (as old BERT checkpoints have) is the BERT WordPiece pipeline.
        Path bertJson = copy("/fixtures/bert/tokenizer.json", dir.resolve("bert-json/tokenizer.json"));
        Path vocabFolder = dir.resolve("bert-vocab");
        Files.createDirectories(vocabFolder);
        JsonNode vocab = JSON.readTree(bertJson.toFile()).get("model").get("vocab");
        String[] byId = new String[vocab.size()];
        for (Iterator<Map.Entry<String, JsonNode>> it = vocab.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            byId[e.getValue().asInt()] = e.getKey();
        }
        Files.writeString(vocabFolder.resolve("vocab.txt"), String.join("\n", byId) + "\n");
        Tokenizer fromVocab = Tokenizer.load(vocabFolder);
        Tokenizer reference = Tokenizer.load(bertJson);
        for (String line : TestCorpus.lines(7, 2000)) {
            assertArrayEquals(reference.encode(line).ids(), fromVocab.encode(line).ids(), line);
        }
    }

    @Test
    void missingOrUnrecognizedInputsAreNamedErrors(@TempDir Path dir) throws IOException {
        TokenizerFormatException e = assertThrows(TokenizerFormatException.class,
                () -> Tokenizer.load(dir.resolve("nope.json")));
        assertTrue(e.getMessage().contains("nope.json"), e.getMessage());

        e = assertThrows(TokenizerFormatException.class, () -> Tokenizer.load(dir));
        assertTrue(e.getMessage().contains("no tokenizer.json"), e.getMessage());

        Path garbage = dir.resolve("weird.bin");
        Files.write(garbage, new byte[]{1, 2, 3, 4, 5});
        e = assertThrows(TokenizerFormatException.class, () -> Tokenizer.load(garbage));
        assertTrue(e.getMessage().contains("weird.bin"), e.getMessage());

        Path brokenJson = dir.resolve("broken.json");
        Files.writeString(brokenJson, "{\"model\": {\"type\": \"WordPiece\", ");
        e = assertThrows(TokenizerFormatException.class, () -> Tokenizer.load(brokenJson));
        assertTrue(e.getMessage().contains("broken.json"), e.getMessage());
    }
}
