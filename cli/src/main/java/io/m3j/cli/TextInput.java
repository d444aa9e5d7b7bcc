package io.m3j.cli;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A stream of input texts, read one at a time so a large file needs no more memory than a window. */
interface TextInput extends Closeable {

    /** The next text, or null at the end. */
    String next() throws IOException;

    /** How far the input has been read, from 0 to 1, or -1 when unknown. */
    double fraction();

    /**
     * Opens {@code file} by its extension: {@code .json} (an array of strings), {@code .jsonl}
     * (one object with a {@code text} field per line) or {@code .txt} (one text per line).
     */
    static TextInput open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException(file + ": no such input file");
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".jsonl")) return LineInput.jsonl(file);
        if (name.endsWith(".json")) return JsonArrayInput.open(file);
        if (name.endsWith(".txt")) return LineInput.text(file);
        throw new IllegalArgumentException(file + ": unknown input type; expected .json (array of strings), "
                + ".jsonl (objects with a \"text\" field) or .txt (one text per line)");
    }

    /** The texts given on the command line. */
    static TextInput of(List<String> texts) {
        return new TextInput() {
            private int next;

            @Override
            public String next() {
                return next < texts.size() ? texts.get(next++) : null;
            }

            @Override
            public double fraction() {
                return texts.isEmpty() ? 1 : (double) next / texts.size();
            }

            @Override
            public void close() {
            }
        };
    }
}
