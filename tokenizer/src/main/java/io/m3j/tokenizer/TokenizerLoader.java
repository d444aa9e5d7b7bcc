package io.m3j.tokenizer;

import io.m3j.tokenizer.json.JsonTokenizer;
import io.m3j.tokenizer.spm.SentencePieceTokenizer;
import io.m3j.tokenizer.spm.XlmRobertaTokenizer;

import java.nio.file.Files;
import java.nio.file.Path;

/** Picks the tokenizer format of a file or model folder. */
final class TokenizerLoader {
    private TokenizerLoader() {
    }

    static Tokenizer load(Path path) {
        if (!Files.exists(path)) throw new TokenizerFormatException(path + ": no such file or folder");
        if (Files.isDirectory(path)) {
            if (Files.isRegularFile(path.resolve("tokenizer.json"))) return JsonTokenizer.load(path.resolve("tokenizer.json"));
            if (Files.isRegularFile(path.resolve("sentencepiece.bpe.model"))) return XlmRobertaTokenizer.load(path);
            if (Files.isRegularFile(path.resolve("vocab.txt"))) return JsonTokenizer.fromBertVocab(path.resolve("vocab.txt"), true);
            throw new TokenizerFormatException(path + ": no tokenizer.json, sentencepiece.bpe.model or vocab.txt in this folder");
        }
        String name = path.getFileName().toString();
        if (name.endsWith(".json")) return JsonTokenizer.load(path);
        if (name.endsWith(".model")) return SentencePieceTokenizer.load(path);
        if (name.equals("vocab.txt")) return JsonTokenizer.fromBertVocab(path, true);
        throw new TokenizerFormatException(path + ": unknown tokenizer file (expected tokenizer.json, a .model or vocab.txt)");
    }
}
