package io.m3j.tokenizer.postprocess;

/** {@code [CLS] A [SEP]} and {@code [CLS] A [SEP] B [SEP]} with type ids 0 for A and 1 for B. */
public record BertProcessing(String sepToken, int sepId, String clsToken, int clsId) implements PostProcessor {

    @Override
    public int addedTokens(boolean pair) {
        return pair ? 3 : 2;
    }

    @Override
    public TokenBuffer process(TokenBuffer a, TokenBuffer b, boolean addSpecialTokens) {
        if (!addSpecialTokens) return PostProcessor.concat(a, b);
        TokenBuffer out = new TokenBuffer(a.size() + (b == null ? 0 : b.size()) + 3);
        out.add(clsId, clsToken, 0, 0, 0, true);
        a.setTypeIds(0);
        out.addAll(a);
        out.add(sepId, sepToken, 0, 0, 0, true);
        if (b != null) {
            b.setTypeIds(1);
            out.addAll(b);
            out.add(sepId, sepToken, 0, 0, 1, true);
        }
        return out;
    }
}
