package io.m3j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A line-based input: {@code .txt} (each line is a text) or {@code .jsonl} (each line an object with
 * {@code text}). Lines end at {@code \n} or {@code \r\n}; each line is decoded as strict UTF-8 on its
 * own, so an encoding error names its line.
 */
final class LineInput implements TextInput {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final boolean jsonl;
    private final long size;
    private final CountingInputStream counter;
    private final InputStream in;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private byte[] line = new byte[1024];
    private long lineNumber;

    private LineInput(Path file, boolean jsonl) throws IOException {
        this.file = file;
        this.jsonl = jsonl;
        this.size = Files.size(file);
        this.counter = new CountingInputStream(Files.newInputStream(file));
        this.in = new BufferedInputStream(counter, 1 << 16);
    }

    static LineInput text(Path file) throws IOException {
        return new LineInput(file, false);
    }

    static LineInput jsonl(Path file) throws IOException {
        return new LineInput(file, true);
    }

    @Override
    public String next() throws IOException {
        String text;
        do {
            text = readLine();
            if (text == null) return null;
        } while (jsonl && text.isBlank()); // blank lines separate nothing in JSONL
        if (!jsonl) return text;
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": line " + lineNumber + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode value = node == null || !node.isObject() ? null : node.get("text");
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(file + ": line " + lineNumber + " has no string field \"text\"");
        }
        return value.asText();
    }

    /** The next line without its terminator, or null at the end of the file. */
    private String readLine() throws IOException {
        int length = 0;
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (length == line.length) line = Arrays.copyOf(line, Math.max(2 * length, 1024));
            line[length++] = (byte) b;
        }
        if (b < 0 && length == 0) return null;
        lineNumber++;
        if (length > 0 && line[length - 1] == '\r') length--;
        int start = lineNumber == 1 && length >= 3 && (line[0] & 0xFF) == 0xEF && (line[1] & 0xFF) == 0xBB
                && (line[2] & 0xFF) == 0xBF ? 3 : 0; // UTF-8 byte order mark
        try {
            return utf8.decode(ByteBuffer.wrap(line, start, length - start)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + ": line " + lineNumber + " is not valid UTF-8", e);
        }
    }

    @Override
    public double fraction() {
        return size == 0 ? 1 : Math.min(1, (double) counter.count() / size);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
