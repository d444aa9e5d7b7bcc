package io.m3j.tokenizer;

import java.nio.file.Files;
import java.nio.file.Path;

/** Picks the tokenizer format of a file or model folder. */
final class TokenizerLoader {
    private TokenizerLoader() {
    }

    static Tokenizer load(Path path) {
        if (!Files.exists(path)) throw new TokenizerFormatException(path + ": no such file or folder");
        // INTEGRATION: wired to the concrete loaders once they exist.
        throw new TokenizerFormatException(path + ": no tokenizer loader available yet");
    }
}
