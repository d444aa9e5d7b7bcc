package io.m3j.tokenizer.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.m3j.tokenizer.Encoding;
import io.m3j.tokenizer.TokenizerFormatException;
import io.m3j.tokenizer.json.JsonTokenizer;

/**
 * Mutated {@code tokenizer.json} documents: loading either succeeds and the tokenizer then encodes
 * without error, or fails with a TokenizerFormatException. The seeds are small but complete
 * tokenizer.json files of each model type (resources folder named after this class).
 */
class TokenizerJsonLoaderFuzzTest {
    private static final String[] TEXTS = {"Hello wörld 123", "  ﾊﾟ  x\u0000y\u200b😀 ", "\ud800a<s>[CLS]"};

    @FuzzTest(maxDuration = "20s")
    void loadThenEncode(byte[] json) {
        JsonTokenizer tokenizer;
        try {
            tokenizer = JsonTokenizer.parse(json, "fuzz/tokenizer.json");
        } catch (TokenizerFormatException expected) {
            return;
        }
        for (String text : TEXTS) {
            Encoding e;
            try {
                e = tokenizer.encode(text, true, 0);
            } catch (IllegalArgumentException | TokenizerFormatException noUnknownToken) {
                // A model without a usable unknown token cannot encode a character outside its
                // vocabulary; HF tokenizers fails there too. Any other failure is a bug.
                if (!noUnknownToken.getMessage().toLowerCase(java.util.Locale.ROOT).contains("unk")) throw noUnknownToken;
                continue;
            }
            FuzzChecks.checkEncoding(tokenizer, text, e);
        }
    }
}
