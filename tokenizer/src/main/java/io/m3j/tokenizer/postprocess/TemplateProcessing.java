package io.m3j.tokenizer.postprocess;

import java.util.ArrayList;
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

    /**
     * Returns one encoding per element of the single template (one encoding on entry) or the pair
     * template (two): the sequences with their type ids and, with {@code addSpecialTokens}, the
     * special tokens. Hugging Face supports no other count (it fails), nor do we.
     */
    @Override
    public List<TokenBuffer> processEncodings(List<TokenBuffer> encodings, boolean addSpecialTokens) {
        List<Piece> template = switch (encodings.size()) {
            case 1 -> single;
            case 2 -> pair;
            default -> throw new IllegalStateException("TemplateProcessing got " + encodings.size()
                    + " encodings; it takes one or two (a TemplateProcessing after another in a Sequence is not supported)");
        };
        List<TokenBuffer> out = new ArrayList<>(template.size());
        for (Piece p : template) {
            switch (p) {
                case SequencePiece s -> {
                    int index = s.first() ? 0 : 1;
                    if (index >= encodings.size()) continue; // $B in a template used for a single text
                    TokenBuffer seq = encodings.get(index);
                    seq.setTypeIds(s.typeId());
                    out.add(seq);
                }
                case SpecialPiece s -> {
                    if (!addSpecialTokens) continue;
                    TokenBuffer t = new TokenBuffer(s.ids().length);
                    for (int i = 0; i < s.ids().length; i++) t.add(s.ids()[i], s.tokens()[i], 0, 0, s.typeId(), true);
                    out.add(t);
                }
            }
        }
        return out;
    }
}
