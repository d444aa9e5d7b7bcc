package io.m3j.tokenizer.postprocess;

import java.util.ArrayList;
import java.util.List;

/** {@code [CLS] A [SEP]} and {@code [CLS] A [SEP] B [SEP]} with type ids 0 for A and 1 for B. */
public record BertProcessing(String sepToken, int sepId, String clsToken, int clsId) implements PostProcessor {

    @Override
    public int addedTokens(boolean pair) {
        return pair ? 3 : 2;
    }

    /**
     * The first encoding becomes {@code [CLS] A [SEP]} (added tokens type 0), every later one
     * {@code B [SEP]} (added token type 1). Like Hugging Face, the sequences keep their own type ids (0
     * for the first text, 1 for the second as encoded).
     */
    @Override
    public List<TokenBuffer> processEncodings(List<TokenBuffer> encodings, boolean addSpecialTokens) {
        if (!addSpecialTokens) return encodings;
        List<TokenBuffer> out = new ArrayList<>(encodings.size());
        for (int i = 0; i < encodings.size(); i++) {
            TokenBuffer e = encodings.get(i);
            int type = i == 0 ? 0 : 1;
            TokenBuffer t = new TokenBuffer(e.size() + 2);
            if (i == 0) t.add(clsId, clsToken, 0, 0, type, true);
            e.clearSpecial(); // Hugging Face rebuilds the mask: only the tokens added here are special
            t.addAll(e);
            t.add(sepId, sepToken, 0, 0, type, true);
            out.add(t);
        }
        return out;
    }
}
