package io.m3j.tokenizer.postprocess;

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

    @Override
    public TokenBuffer process(TokenBuffer a, TokenBuffer b, boolean addSpecialTokens) {
        if (trimOffsets) {
            ByteLevelProcessing.trim(a, addPrefixSpace);
            if (b != null) ByteLevelProcessing.trim(b, addPrefixSpace);
        }
        a.setTypeIds(0);
        if (b != null) b.setTypeIds(0);
        if (!addSpecialTokens) return PostProcessor.concat(a, b);
        TokenBuffer out = new TokenBuffer(a.size() + (b == null ? 0 : b.size()) + 4);
        out.add(clsId, clsToken, 0, 0, 0, true);
        out.addAll(a);
        out.add(sepId, sepToken, 0, 0, 0, true);
        if (b != null) {
            out.add(sepId, sepToken, 0, 0, 0, true);
            out.addAll(b);
            out.add(sepId, sepToken, 0, 0, 0, true);
        }
        return out;
    }
}
