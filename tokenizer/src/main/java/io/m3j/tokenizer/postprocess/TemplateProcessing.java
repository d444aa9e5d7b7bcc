package io.m3j.tokenizer.postprocess;

import java.util.List;

/**
 * Hugging Face's TemplateProcessing: the single and pair templates list the sequences ($A, $B) and
 * special tokens to emit, each with its type id. A special token may stand for several ids.
 */
public record TemplateProcessing(List<Piece> single, List<Piece> pair) implements PostProcessor {

    /** One element of a template. */
    public sealed interface Piece {
    }

    /** Sequence A ({@code first}) or B, with the type id its tokens get. */
    public record SequencePiece(boolean first, int typeId) implements Piece {
    }

    /** A special token (its ids and token strings) with the type id it gets. */
    public record SpecialPiece(String name, int[] ids, String[] tokens, int typeId) implements Piece {
    }

    public TemplateProcessing {
        single = List.copyOf(single);
        pair = List.copyOf(pair);
    }

    @Override
    public int addedTokens(boolean isPair) {
        int n = 0;
        for (Piece p : isPair ? pair : single) {
            if (p instanceof SpecialPiece s) n += s.ids().length;
        }
        return n;
    }

    @Override
    public TokenBuffer process(TokenBuffer a, TokenBuffer b, boolean addSpecialTokens) {
        TokenBuffer out = new TokenBuffer(a.size() + (b == null ? 0 : b.size()) + 4);
        for (Piece p : b == null ? single : pair) {
            switch (p) {
                case SequencePiece s -> {
                    TokenBuffer seq = s.first() ? a : b;
                    if (seq == null) continue; // a pair template referring to $B used for a single text
                    seq.setTypeIds(s.typeId());
                    out.addAll(seq);
                }
                case SpecialPiece s -> {
                    if (!addSpecialTokens) continue;
                    for (int i = 0; i < s.ids().length; i++) out.add(s.ids()[i], s.tokens()[i], 0, 0, s.typeId(), true);
                }
            }
        }
        return out;
    }
}
