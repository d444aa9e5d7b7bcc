package io.m3j.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.m3j.tokenizer.json.JsonTokenizer;
import io.m3j.tokenizer.spm.SentencePieceTokenizer;
import io.m3j.tokenizer.spm.XlmRobertaTokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Picks the tokenizer format of a file or model folder. */
final class TokenizerLoader {
    private TokenizerLoader() {
    }

    static Tokenizer load(Path path) {
        if (Files.isDirectory(path)) return loadFolder(path);
        if (!Files.isRegularFile(path)) throw new TokenizerFormatException(path + ": no such file or folder");
        String name = path.getFileName().toString();
        if (name.endsWith(".json")) return JsonTokenizer.load(path);
        if (name.endsWith(".model")) return SentencePieceTokenizer.load(path);
        if (name.equals("vocab.txt")) return JsonTokenizer.fromBertVocab(path, lowercaseFromConfig(path.getParent()));
        // Unknown extension: a JSON document starts with '{'; anything else is tried as a .model.
        return startsWithBrace(path) ? JsonTokenizer.load(path) : SentencePieceTokenizer.load(path);
    }

    private static Tokenizer loadFolder(Path folder) {
        Path json = folder.resolve("tokenizer.json");
        if (Files.isRegularFile(json)) return JsonTokenizer.load(json);
        Path spm = folder.resolve("sentencepiece.bpe.model");
        if (Files.isRegularFile(spm)) return XlmRobertaTokenizer.load(spm);
        Path vocab = folder.resolve("vocab.txt");
        if (Files.isRegularFile(vocab)) return JsonTokenizer.fromBertVocab(vocab, lowercaseFromConfig(folder));
        throw new TokenizerFormatException(folder + ": no tokenizer.json, sentencepiece.bpe.model or vocab.txt in this folder");
    }

    /** BERT vocabularies are uncased unless tokenizer_config.json says {@code do_lower_case: false}. */
    private static boolean lowercaseFromConfig(Path folder) {
        Path config = folder == null ? null : folder.resolve("tokenizer_config.json");
        if (config == null || !Files.isRegularFile(config)) return true;
        try {
            JsonNode node = new ObjectMapper().readTree(config.toFile()).get("do_lower_case");
            return node == null || node.asBoolean(true);
        } catch (IOException e) {
            throw new TokenizerFormatException(config + ": not valid JSON: " + e.getMessage(), e);
        }
    }

    private static boolean startsWithBrace(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            int b;
            do {
                b = in.read();
            } while (b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0xEF || b == 0xBB || b == 0xBF);
            return b == '{';
        } catch (IOException e) {
            throw new TokenizerFormatException(path + ": cannot read: " + e.getMessage(), e);
        }
    }
}
