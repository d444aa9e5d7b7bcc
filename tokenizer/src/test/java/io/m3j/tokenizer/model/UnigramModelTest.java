package io.m3j.tokenizer.model;

import io.m3j.tokenizer.Token;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Model-level behaviour; the library-exact checks are the fixture and oracle tests in the spm package. */
class UnigramModelTest {

    private static List<String> values(UnigramModel m, String text) {
        List<Token> out = new ArrayList<>();
        m.tokenize(text, out);
        List<String> v = new ArrayList<>();
        for (Token t : out) v.add(t.value() + "@" + t.start() + "-" + t.end() + "#" + t.id());
        return v;
    }

    @Test
    void huggingFaceDocExample() {
        // The example in tokenizers' Unigram::encode documentation: "abcdacdxx" -> abcd, a, cd, xx.
        UnigramModel m = UnigramModel.huggingFace(List.of("<unk>", "a", "b", "c", "d", "cd", "ab", "abc", "abcd"),
                new double[]{0, 0, 0, 0, 0, 1, 2, 5, 10}, 0, false);
        assertEquals(List.of("abcd@0-4#8", "a@4-5#1", "cd@5-7#5", "xx@7-9#0"), values(m, "abcdacdxx"));
    }

    @Test
    void huggingFaceByteFallbackSpansTheWholeUnknownRun() {
        List<String> vocab = new ArrayList<>(List.of("<unk>", "a"));
        for (int b = 0; b < 256; b++) vocab.add(String.format("<0x%02X>", b));
        double[] scores = new double[vocab.size()];
        UnigramModel m = UnigramModel.huggingFace(vocab, scores, 0, true);
        assertEquals(List.of("a@0-1#1", "<0xC3>@1-3#197", "<0xA9>@1-3#171", "<0x21>@1-3#35"), values(m, "aé!"));
    }

    @Test
    void sentencePieceByteFallbackKeepsOnlyTheLastByteSpanAndDoesNotFuse() {
        List<String> pieces = new ArrayList<>(List.of("<unk>", "a"));
        List<PieceType> types = new ArrayList<>(List.of(PieceType.UNKNOWN, PieceType.NORMAL));
        for (int b = 0; b < 256; b++) {
            pieces.add(String.format("<0x%02X>", b));
            types.add(PieceType.BYTE);
        }
        float[] scores = new float[pieces.size()];
        scores[1] = -1f;
        UnigramModel m = UnigramModel.sentencePiece(pieces, scores, types, 0, true);
        assertEquals(List.of("a@0-1#1", "<0xC3>@1-1#197", "<0xA9>@1-2#171", "<0x21>@2-3#35"), values(m, "aé!"));
        UnigramModel noFallback = UnigramModel.sentencePiece(pieces, scores, types, 0, false);
        assertEquals(List.of("a@0-1#1", "é!@1-3#0"), values(noFallback, "aé!"));
    }

    @Test
    void sentencePieceNeverMatchesUnusedOrControlPiecesButHuggingFaceMatchesEverything() {
        List<String> pieces = List.of("<unk>", "<s>", "a", "b", "ab");
        List<PieceType> types = List.of(PieceType.UNKNOWN, PieceType.CONTROL, PieceType.NORMAL, PieceType.NORMAL,
                PieceType.UNUSED);
        float[] scores = {0f, 0f, -2f, -2f, -1f};
        UnigramModel spm = UnigramModel.sentencePiece(pieces, scores, types, 0, false);
        assertEquals(List.of("a@0-1#2", "b@1-2#3", "<s>@2-5#0"), values(spm, "ab<s>"));
        UnigramModel hf = UnigramModel.huggingFace(pieces, new double[]{0, 0, -2, -2, -1}, 0, false);
        assertEquals(List.of("ab@0-2#4", "<s>@2-5#1"), values(hf, "ab<s>"));
    }

    @Test
    void userDefinedPiecesWinWithTheLibraryScore() {
        List<String> pieces = List.of("<unk>", "x", "y", "z", "xyz");
        List<PieceType> types = List.of(PieceType.UNKNOWN, PieceType.NORMAL, PieceType.NORMAL, PieceType.NORMAL,
                PieceType.USER_DEFINED);
        float[] scores = {0f, -0.1f, -0.1f, -0.1f, -100f};
        UnigramModel spm = UnigramModel.sentencePiece(pieces, scores, types, 0, false);
        // max NORMAL score stays Float.MIN_VALUE (all negative), so xyz scores ~ -0.1 and beats x+y+z (-0.3).
        assertEquals(List.of("xyz@0-3#4"), values(spm, "xyz"));
    }

    @Test
    void surrogatePairsStayWhole() {
        UnigramModel m = UnigramModel.huggingFace(List.of("<unk>", "a"), new double[]{0, -1}, 0, false);
        assertEquals(List.of("a@0-1#1", "\uD83D\uDE00\uD83D\uDE00@1-5#0"), values(m, "a\uD83D\uDE00\uD83D\uDE00"));
    }
}
