package io.m3j.tokenizer.postprocess;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code <s> A </s>} and {@code <s> A </s></s> B </s>}, every type id 0; with {@code trimOffsets}
 * the byte-level offset trimming of {@link ByteLevelProcessing}.
 */
public record RobertaProcessing(String sepToken, int sepId, String clsToken, int clsId, boolean trimOffsets,
                                boolean addPrefixSpace) implements PostProcessor {

    @Override
    public int addedTokens(boolean pair) {
        return pair ? 4 : 2;
    }

    /** The first encoding becomes {@code <s> A </s>}, every later one {@code </s> B </s>}. */
    @Override
    public List<TokenBuffer> processEncodings(List<TokenBuffer> encodings, boolean addSpecialTokens) {
        for (TokenBuffer e : encodings) {
            if (trimOffsets) ByteLevelProcessing.trim(e, addPrefixSpace);
            e.setTypeIds(0); // every type id is 0, with or without special tokens
        }
        if (!addSpecialTokens) return encodings;
        List<TokenBuffer> out = new ArrayList<>(encodings.size());
        for (int i = 0; i < encodings.size(); i++) {
            TokenBuffer e = encodings.get(i);
            TokenBuffer t = new TokenBuffer(e.size() + 2);
            e.clearSpecial(); // Hugging Face rebuilds the mask: only the tokens added here are special
            if (i == 0) t.add(clsId, clsToken, 0, 0, 0, true);
            else t.add(sepId, sepToken, 0, 0, 0, true);
            t.addAll(e);
            t.add(sepId, sepToken, 0, 0, 0, true);
            out.add(t);
        }
        return out;
    }
}
