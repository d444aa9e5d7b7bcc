package io.m3j.tokenizer.spm;

import io.m3j.tokenizer.Encoding;
import io.m3j.tokenizer.Token;
import io.m3j.tokenizer.Tokenizer;
import io.m3j.tokenizer.TokenizerFormatException;
import io.m3j.tokenizer.model.PieceType;
import io.m3j.tokenizer.model.SentencePieceBpeModel;
import io.m3j.tokenizer.model.TokenizerModel;
import io.m3j.tokenizer.model.UnigramModel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tokenizer read from a SentencePiece {@code .model} file that behaves exactly like
 * {@code sentencepiece.SentencePieceProcessor} (reference: the Python package 0.2.2):
 * {@link #encode} gives the ids and pieces of {@code sp.encode(text)}, {@link #decode} the text of
 * {@code sp.decode(ids)}.
 *
 * <ul>
 *   <li>No special tokens are ever added: SentencePiece itself adds none unless asked to, so
 *       {@code addSpecialTokens} has no effect here. Models that need a template (XLM-R) have their
 *       own tokenizer ({@link XlmRobertaTokenizer}).</li>
 *   <li>{@code maxLength > 0} keeps the first {@code maxLength} tokens.</li>
 *   <li>Token strings are SentencePiece's pieces: for an unknown token that is the (normalized) text
 *       it covers, as {@code out_type=str} returns it.</li>
 *   <li>Offsets are UTF-16 indices into the original string, mapped through the normalizer's
 *       alignment (the byte pieces of a byte-fallback character: all but the last are empty).</li>
 *   <li>{@code encodePair} is not a SentencePiece concept: it concatenates the two encodings (type ids
 *       0 and 1), truncating longest-first.</li>
 * </ul>
 */
public final class SentencePieceTokenizer implements Tokenizer {
    private static final String SPACE_SYMBOL = "\u2581";

    private final SentencePieceModelFile model;
    private final SentencePieceNormalizer normalizer;
    private final SentencePieceNormalizer denormalizer;
    private final TokenizerModel encoder;
    private final String[] pieces;
    private final PieceType[] types;
    private final int padId;
    private final Map<String, Integer> pieceIds;

    private SentencePieceTokenizer(SentencePieceModelFile model) {
        this.model = model;
        this.normalizer = SentencePieceNormalizer.of(model);
        this.denormalizer = SentencePieceNormalizer.denormalizerOf(model);
        int n = model.size();
        this.pieces = new String[n];
        this.types = new PieceType[n];
        float[] scores = new float[n];
        for (int i = 0; i < n; i++) {
            SentencePieceModelFile.Piece p = model.pieces().get(i);
            pieces[i] = p.piece();
            types[i] = p.type();
            scores[i] = p.score();
        }
        SentencePieceModelFile.TrainerSpec trainer = model.trainerSpec();
        this.encoder = switch (trainer.modelType()) {
            case UNIGRAM -> UnigramModel.sentencePiece(List.of(pieces), scores, List.of(types), model.unkId(),
                    trainer.byteFallback());
            case BPE -> new SentencePieceBpeModel(List.of(pieces), scores, types, model.unkId(),
                    trainer.byteFallback());
            case WORD, CHAR -> throw new TokenizerFormatException(model.sourceName()
                    + ": unsupported SentencePiece model_type " + trainer.modelType() + " (only UNIGRAM and BPE)");
        };
        this.padId = model.padId();
        this.pieceIds = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String p = pieces[i];
            if (pieceIds.containsKey(p) && !isReserved(types[i])) continue;
            if (pieceIds.containsKey(p) && isReserved(types[pieceIds.get(p)])) continue;
            pieceIds.put(p, i);
        }
    }

    // The library looks pieces up among CONTROL/UNKNOWN/BYTE pieces first.
    private static boolean isReserved(PieceType t) {
        return t == PieceType.CONTROL || t == PieceType.UNKNOWN || t == PieceType.BYTE;
    }

    /** Reads a {@code .model} file. */
    public static SentencePieceTokenizer load(Path path) {
        return new SentencePieceTokenizer(SentencePieceModelFile.read(path));
    }

    public static SentencePieceTokenizer of(SentencePieceModelFile model) {
        return new SentencePieceTokenizer(model);
    }

    public SentencePieceModelFile modelFile() {
        return model;
    }

    /** {@code sp.normalize(text)} with the alignment back to {@code text}. */
    public SentencePieceNormalizer.Normalized normalize(String text) {
        return normalizer.normalize(text);
    }

    /** The pieces of {@code text} with offsets into {@code text}. */
    public List<Token> tokenize(String text) {
        SentencePieceNormalizer.Normalized normalized = normalizer.normalize(text);
        List<Token> raw = new ArrayList<>();
        encoder.tokenize(normalized.text(), raw);
        int[] toOriginal = normalized.toOriginal();
        List<Token> out = new ArrayList<>(raw.size());
        for (Token t : raw) {
            out.add(new Token(t.id(), t.value(), toOriginal[t.start()], toOriginal[t.end()]));
        }
        return out;
    }

    /** Encodes like {@code sp.encode(text)}; {@code addSpecialTokens} is ignored (see the class doc). */
    @Override
    public Encoding encode(String text, boolean addSpecialTokens, int maxLength) {
        List<Token> tokens = tokenize(text);
        int keep = maxLength > 0 ? Math.min(maxLength, tokens.size()) : tokens.size();
        EncodingBuilder b = new EncodingBuilder(keep);
        for (int i = 0; i < keep; i++) {
            Token t = tokens.get(i);
            b.add(t.id(), t.value(), t.start(), t.end(), 0, false);
        }
        return b.build();
    }

    @Override
    public Encoding encodePair(String first, String second, boolean addSpecialTokens, int maxLength) {
        List<Token> a = tokenize(first);
        List<Token> c = tokenize(second);
        int[] keep = maxLength > 0 ? EncodingBuilder.longestFirst(a.size(), c.size(), maxLength)
                : new int[]{a.size(), c.size()};
        EncodingBuilder b = new EncodingBuilder(keep[0] + keep[1]);
        for (int i = 0; i < keep[0]; i++) {
            Token t = a.get(i);
            b.add(t.id(), t.value(), t.start(), t.end(), 0, false);
        }
        for (int i = 0; i < keep[1]; i++) {
            Token t = c.get(i);
            b.add(t.id(), t.value(), t.start(), t.end(), 1, false);
        }
        return b.build();
    }

    /**
     * {@code sp.decode(ids)}: control pieces vanish, the unknown piece becomes
     * {@code trainer_spec.unk_surface} (" \u2047 " by default), runs of byte pieces are decoded as UTF-8
     * (a malformed byte becomes U+FFFD), U+2581 becomes a space and the leading space added by
     * {@code add_dummy_prefix} is removed. {@code skipSpecialTokens} changes nothing: control pieces
     * never produce text anyway.
     *
     * @throws IllegalArgumentException for an id outside the vocabulary (the library fails too)
     */
    @Override
    public String decode(int[] ids, boolean skipSpecialTokens) {
        for (int id : ids) {
            if (id < 0 || id >= pieces.length) {
                throw new IllegalArgumentException("Invalid id " + id + " (vocabulary size " + pieces.length + ")");
            }
        }
        SentencePieceModelFile.NormalizerSpec spec = model.normalizer();
        boolean stripBosSpace = spec.addDummyPrefix() || spec.removeExtraWhitespaces();
        StringBuilder text = new StringBuilder();
        boolean isBosWs = true;   // still expecting the space added at the start
        boolean bosWsSeen = false;
        int i = 0;
        while (i < ids.length) {
            if (types[ids[i]] == PieceType.BYTE) {
                int j = i;
                while (j < ids.length && types[ids[j]] == PieceType.BYTE) j++;
                appendBytes(ids, i, j, text);
                i = j;
                continue;
            }
            if (bosWsSeen || !text.isEmpty()) isBosWs = false;
            int id = ids[i];
            String piece = pieces[id];
            bosWsSeen = false;
            if (types[id] == PieceType.CONTROL) {
                // invisible
            } else if (types[id] == PieceType.UNKNOWN) {
                text.append(model.trainerSpec().unkSurface());
            } else {
                if (isBosWs && stripBosSpace && piece.startsWith(SPACE_SYMBOL)) {
                    piece = piece.substring(SPACE_SYMBOL.length());
                    // With remove_extra_whitespaces every leading space goes, so keep expecting one.
                    bosWsSeen = !spec.removeExtraWhitespaces();
                }
                text.append(piece.replace(SPACE_SYMBOL, " "));
            }
            i++;
        }
        String result = text.toString();
        return denormalizer == null ? result : denormalizer.normalizeToString(result);
    }

    private void appendBytes(int[] ids, int from, int to, StringBuilder text) {
        byte[] bytes = new byte[to - from];
        for (int i = from; i < to; i++) bytes[i - from] = (byte) SentencePieceModelFile.byteOfPiece(pieces[ids[i]]);
        int off = 0;
        while (off < bytes.length) {
            int n = Utf8.validCharLength(bytes, off, bytes.length);
            if (n == 0) {
                text.append('\uFFFD');
                off++;
            } else {
                text.appendCodePoint(Utf8.decode(bytes, off, n));
                off += n;
            }
        }
    }

    @Override
    public int vocabSize() {
        return pieces.length;
    }

    @Override
    public int tokenToId(String token) {
        Integer id = pieceIds.get(token);
        return id == null ? -1 : id;
    }

    @Override
    public String idToToken(int id) {
        return id >= 0 && id < pieces.length ? pieces[id] : null;
    }

    /** The pad id as {@code sp.pad_id()} reports it, or -1. */
    @Override
    public int padId() {
        return padId;
    }
}
