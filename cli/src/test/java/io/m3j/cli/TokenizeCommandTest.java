package io.m3j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static org.junit.jupiter.api.Assertions.*;

class TokenizeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Result(int exitCode, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    private static Path resource(String name, Path dir) throws IOException {
        Path to = dir.resolve(name.substring(name.lastIndexOf('/') + 1));
        try (InputStream in = TokenizeCommandTest.class.getResourceAsStream(name)) {
            assertNotNull(in, name);
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
        return to;
    }

    @Test
    void sentencePieceModelGivesTheLibrarysIdsForEverySample(@TempDir Path dir) throws IOException {
        Path model = resource("/spm/unigram.model", dir);
        Path samples = resource("/spm/samples.json", dir);
        JsonNode expected = JSON.readTree(TokenizeCommandTest.class.getResourceAsStream("/spm/unigram.expected.json"));
        JsonNode texts = JSON.readTree(samples.toFile());

        Result r = run("tokenize", "--tokenizer", model.toString(), "--input", samples.toString());
        assertEquals(0, r.exitCode(), r.err());
        String[] lines = r.out().split("\n", -1);
        assertEquals(texts.size() + 1, lines.length, "one line per input, newline-terminated");
        assertEquals("", lines[texts.size()]);
        for (int i = 0; i < texts.size(); i++) {
            JsonNode line = JSON.readTree(lines[i]);
            assertEquals(expected.get("ids").get(i), line.get("ids"), "sample " + i);
            assertEquals(expected.get("pieces").get(i), line.get("tokens"), "sample " + i);
            String text = texts.get(i).asText();
            JsonNode offsets = line.get("offsets");
            assertEquals(line.get("ids").size(), offsets.size());
            for (JsonNode span : offsets) {
                int start = span.get(0).asInt();
                int end = span.get(1).asInt();
                assertTrue(0 <= start && start <= end && end <= text.length(), "offsets inside the text: " + span);
            }
        }
    }

    @Test
    void maxLengthTruncates(@TempDir Path dir) throws IOException {
        Path model = resource("/spm/unigram.model", dir);
        Path input = dir.resolve("in.json");
        Files.writeString(input, "[\"a fairly long sentence with many different words in it\"]");
        Result r = run("tokenize", "--tokenizer", model.toString(), "--input", input.toString(), "--max-length", "3");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(3, JSON.readTree(r.out()).get("ids").size());
    }

    @Test
    void badInputsAreClearErrors(@TempDir Path dir) throws IOException {
        Path model = resource("/spm/unigram.model", dir);
        Path notArray = dir.resolve("obj.json");
        Files.writeString(notArray, "{\"a\": 1}");
        Result r = run("tokenize", "--tokenizer", model.toString(), "--input", notArray.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("expected a JSON array of strings"), r.err());

        Path number = dir.resolve("num.json");
        Files.writeString(number, "[\"ok\", 3]");
        r = run("tokenize", "--tokenizer", model.toString(), "--input", number.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("element 1"), r.err());

        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "[\"ok\", ");
        r = run("tokenize", "--tokenizer", model.toString(), "--input", broken.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("broken.json"), r.err());

        r = run("tokenize", "--tokenizer", dir.resolve("missing.model").toString(), "--input", number.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("missing.model"), r.err());

        r = run("tokenize", "--input", number.toString());
        assertEquals(2, r.exitCode(), "usage error");
    }
}
