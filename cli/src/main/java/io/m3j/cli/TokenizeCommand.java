package io.m3j.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import io.m3j.tokenizer.Encoding;
import io.m3j.tokenizer.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code m3j tokenize}: reads a JSON array of strings and prints one JSON object per input (JSONL)
 * with {@code ids}, {@code tokens} and {@code offsets}. The input array is streamed, so large files
 * need no more memory than one line.
 */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
        description = "Tokenize a JSON array of strings; prints one JSON object per input line (JSONL).")
final class TokenizeCommand implements Callable<Integer> {

    @Option(names = "--tokenizer", required = true, paramLabel = "PATH",
            description = "A tokenizer.json, a SentencePiece .model (raw SentencePiece ids, no special tokens) or a model folder.")
    Path tokenizerPath;

    @Option(names = "--input", required = true, paramLabel = "FILE.json", description = "JSON array of strings.")
    Path input;

    @Option(names = "--no-special-tokens", description = "Do not add special tokens such as [CLS]/[SEP] or <s>/</s>.")
    boolean noSpecialTokens;

    @Option(names = "--max-length", paramLabel = "N", defaultValue = "0",
            description = "Truncate to N tokens, special tokens included (0: no truncation).")
    int maxLength;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (maxLength < 0) throw new IllegalArgumentException("--max-length must be >= 0, got " + maxLength);
        if (!Files.isRegularFile(input)) throw new IllegalArgumentException(input + ": no such input file");
        Tokenizer tokenizer = Tokenizer.load(tokenizerPath);
        // The generator must not close stdout when it is done.
        JsonFactory factory = new JsonFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        Writer sink = new BufferedWriter(spec.commandLine().getOut(), 1 << 16);
        try (InputStream in = Files.newInputStream(input);
             JsonParser parser = factory.createParser(in);
             JsonGenerator gen = factory.createGenerator(sink)) {
            gen.setRootValueSeparator(new SerializedString(""));
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException(input + ": expected a JSON array of strings");
            }
            int index = 0;
            for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken(), index++) {
                if (t == null) throw new IllegalArgumentException(input + ": unexpected end of file in the array");
                if (t != JsonToken.VALUE_STRING) {
                    throw new IllegalArgumentException(input + ": element " + index + " is " + t + ", expected a string");
                }
                Encoding e = tokenizer.encode(parser.getText(), !noSpecialTokens, maxLength);
                writeEncoding(gen, e);
                gen.writeRaw('\n');
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(input + ": invalid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr(), e);
        }
        sink.flush();
        return 0;
    }

    private static void writeEncoding(JsonGenerator gen, Encoding e) throws IOException {
        gen.writeStartObject();
        gen.writeArrayFieldStart("ids");
        for (int id : e.ids()) gen.writeNumber(id);
        gen.writeEndArray();
        gen.writeArrayFieldStart("tokens");
        for (String t : e.tokens()) gen.writeString(t);
        gen.writeEndArray();
        gen.writeArrayFieldStart("offsets");
        for (int i = 0; i < e.length(); i++) {
            gen.writeStartArray();
            gen.writeNumber(e.starts()[i]);
            gen.writeNumber(e.ends()[i]);
            gen.writeEndArray();
        }
        gen.writeEndArray();
        gen.writeEndObject();
    }
}
