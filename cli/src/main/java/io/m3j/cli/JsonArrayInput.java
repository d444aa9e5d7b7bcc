package io.m3j.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A {@code .json} input: one array of strings, parsed as a stream. */
final class JsonArrayInput implements TextInput {
    private final Path file;
    private final long size;
    private final CountingInputStream counter;
    private final JsonParser parser;
    private int index;
    private boolean done;

    private JsonArrayInput(Path file) throws IOException {
        this.file = file;
        this.size = Files.size(file);
        this.counter = new CountingInputStream(Files.newInputStream(file));
        this.parser = new JsonFactory().createParser(counter);
    }

    static JsonArrayInput open(Path file) throws IOException {
        JsonArrayInput input = new JsonArrayInput(file);
        try {
            if (input.parser.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException(file + ": expected a JSON array of strings");
            }
        } catch (JsonProcessingException e) {
            input.close();
            throw invalid(file, e);
        } catch (RuntimeException e) {
            input.close();
            throw e;
        }
        return input;
    }

    @Override
    public String next() throws IOException {
        if (done) return null;
        try {
            JsonToken t = parser.nextToken();
            if (t == JsonToken.END_ARRAY) {
                done = true;
                return null;
            }
            if (t == null) throw new IllegalArgumentException(file + ": unexpected end of file in the array");
            if (t != JsonToken.VALUE_STRING) {
                throw new IllegalArgumentException(file + ": element " + index + " is " + t + ", expected a string");
            }
            index++;
            return parser.getText();
        } catch (JsonProcessingException e) {
            throw invalid(file, e);
        }
    }

    private static IllegalArgumentException invalid(Path file, JsonProcessingException e) {
        return new IllegalArgumentException(file + ": invalid JSON: " + e.getOriginalMessage()
                + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr(), e);
    }

    @Override
    public double fraction() {
        return size == 0 ? 1 : Math.min(1, (double) counter.count() / size);
    }

    @Override
    public void close() throws IOException {
        parser.close();
        counter.close();
    }
}
