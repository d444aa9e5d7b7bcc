package io.m3j.tokenizer.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.m3j.tokenizer.Encoding;
import io.m3j.tokenizer.Tokenizer;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Arbitrary text (including lone surrogates, controls and unassigned code points) through every
 * kind of tokenizer we ship: encoding never throws, ids and offsets stay in range, truncation holds.
 */
class EncodeFuzzTest {
    private static final String[] RESOURCES = {
            "/fixtures/spm/unigram.model", "/fixtures/spm/bpe.model", "/fixtures/spm/hf_xlmr/tokenizer.json",
            "/fixtures/bpe/llama-bpe/tokenizer.json", "/fixtures/bpe/bytelevel/tokenizer.json",
            "/fixtures/bert/tokenizer.json"};
    private static final List<Tokenizer> TOKENIZERS = new ArrayList<>();

    @BeforeAll
    static void load() throws IOException {
        Path dir = Files.createTempDirectory("m3j-fuzz");
        for (String r : RESOURCES) {
            Path to = dir.resolve(r.replace('/', '_').substring(1));
            try (InputStream in = EncodeFuzzTest.class.getResourceAsStream(r)) {
                Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
            }
            TOKENIZERS.add(Tokenizer.load(to));
        }
    }

    @FuzzTest(maxDuration = "20s")
    void encodeAnything(FuzzedDataProvider data) {
        Tokenizer tokenizer = TOKENIZERS.get(data.consumeInt(0, TOKENIZERS.size() - 1));
        boolean special = data.consumeBoolean();
        int maxLength = data.consumeInt(0, 40);
        String text = data.consumeRemainingAsString();
        Encoding e;
        try {
            e = tokenizer.encode(text, special, maxLength);
        } catch (IllegalArgumentException tooShort) {
            // Allowed only when maxLength cannot hold the special tokens: then it must fail for
            // every text, the empty one included.
            if (!special || maxLength == 0) throw tooShort;
            try {
                tokenizer.encode("", true, maxLength);
            } catch (IllegalArgumentException consistent) {
                return;
            }
            throw tooShort;
        }
        FuzzChecks.checkEncoding(tokenizer, text, e);
        if (maxLength > 0 && e.length() > maxLength) {
            throw new AssertionError(e.length() + " tokens despite maxLength " + maxLength);
        }
    }
}
