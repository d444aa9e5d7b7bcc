package io.m3j.tokenizer.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.m3j.tokenizer.TokenizerFormatException;
import io.m3j.tokenizer.spm.SentencePieceModelFile;
import io.m3j.tokenizer.spm.SentencePieceTokenizer;

/**
 * Mutated SentencePiece {@code .model} bytes: loading either succeeds and the tokenizer then
 * encodes without error, or fails with a TokenizerFormatException. The seeds (in the resources
 * folder named after this class) are a small unigram and a small BPE model.
 */
class SentencePieceLoaderFuzzTest {
    private static final String[] TEXTS = {"Hello wörld 123", "  ﾊﾟ  x\u0000y\u200b😀 ", "\ud800a<s>"};

    @FuzzTest(maxDuration = "20s")
    void loadThenEncode(byte[] model) {
        SentencePieceTokenizer tokenizer;
        try {
            tokenizer = SentencePieceTokenizer.of(SentencePieceModelFile.parse(model, "fuzz.model"));
        } catch (TokenizerFormatException expected) {
            return;
        }
        for (String text : TEXTS) FuzzChecks.checkEncoding(tokenizer, text, tokenizer.encode(text, true, 0));
    }
}
