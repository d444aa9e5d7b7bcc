package io.m3j.tokenizer.spm;

import io.m3j.tokenizer.TokenizerFormatException;
import io.m3j.tokenizer.model.PieceType;
import io.m3j.tokenizer.proto.ProtoFormatException;
import io.m3j.tokenizer.proto.ProtoReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A SentencePiece {@code .model} file ({@code ModelProto}): the vocabulary, the trainer settings that
 * matter for encoding, and the normalizer (and optional denormalizer) settings.
 *
 * <p>Reading validates what the sentencepiece library validates when it loads a model (non-empty,
 * NUL-free, unique pieces; exactly one UNKNOWN piece; byte pieces only with byte fallback and then all
 * 256 of them; a parseable precompiled charsmap), plus the presence of the trainer and normalizer
 * specs, which {@code spm_train} always writes and whose absence means a file cut short, so every problem shows up here as a
 * {@link TokenizerFormatException} naming the file.
 *
 * @param sourceName   the file name, used in error messages
 * @param pieces       the vocabulary; a piece's index is its id
 * @param trainerSpec  the trainer settings
 * @param normalizer   the normalizer settings
 * @param denormalizer the denormalizer settings applied after decoding, or null if the model has none
 */
public record SentencePieceModelFile(String sourceName, List<Piece> pieces, TrainerSpec trainerSpec,
                                     NormalizerSpec normalizer, NormalizerSpec denormalizer) {

    /** Pieces longer than this are rejected by the library too. */
    private static final int MAX_PIECE_BYTES = 8000;

    /** One vocabulary entry. */
    public record Piece(String piece, float score, PieceType type) {
    }

    /** {@code TrainerSpec.ModelType}. */
    public enum ModelType { UNIGRAM, BPE, WORD, CHAR }

    /**
     * The trainer settings an encoder needs. Ids and pieces of the special symbols are as written in
     * the file (defaults: unk 0, bos 1, eos 2, pad -1; {@code <unk>}, {@code <s>}, {@code </s>},
     * {@code <pad>}).
     */
    public record TrainerSpec(ModelType modelType, int vocabSize, boolean byteFallback, boolean splitDigits,
                              boolean splitByWhitespace, boolean splitByNumber, boolean splitByUnicodeScript,
                              boolean treatWhitespaceAsSuffix, boolean allowWhitespaceOnlyPieces,
                              int unkId, int bosId, int eosId, int padId,
                              String unkPiece, String bosPiece, String eosPiece, String padPiece,
                              String unkSurface) {
    }

    /**
     * {@code NormalizerSpec}. {@code precompiledCharsmap} is the raw blob (empty for the identity
     * normalizer).
     */
    public record NormalizerSpec(String name, byte[] precompiledCharsmap, boolean addDummyPrefix,
                                 boolean removeExtraWhitespaces, boolean escapeWhitespaces) {
    }

    public static SentencePieceModelFile read(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read SentencePiece model " + path, e);
        }
        return parse(bytes, path.toString());
    }

    /** Parses and validates the bytes of a {@code .model} file; {@code sourceName} is used in messages. */
    public static SentencePieceModelFile parse(byte[] bytes, String sourceName) {
        SentencePieceModelFile file;
        try {
            file = parseProto(bytes, sourceName);
        } catch (ProtoFormatException e) {
            throw new TokenizerFormatException(sourceName + ": not a valid SentencePiece model (corrupt or truncated "
                    + "protobuf: " + e.getMessage() + ")", e);
        }
        file.validate();
        return file;
    }

    private static SentencePieceModelFile parseProto(byte[] bytes, String sourceName) {
        List<Piece> pieces = new ArrayList<>();
        TrainerSpec trainer = null;
        NormalizerSpec normalizer = null;
        NormalizerSpec denormalizer = null;
        ProtoReader r = ProtoReader.of(bytes);
        while (r.next()) {
            switch (r.field()) {
                case 1 -> pieces.add(readPiece(r.readMessage(), sourceName, pieces.size()));
                case 2 -> trainer = readTrainerSpec(r.readMessage(), sourceName);
                case 3 -> normalizer = readNormalizerSpec(r.readMessage());
                case 5 -> denormalizer = readNormalizerSpec(r.readMessage());
                default -> r.skip(); // self_test_data and unknown fields
            }
        }
        // spm_train always writes both specs after the pieces; a file without them was cut short at a
        // field boundary, which the wire format alone cannot tell from a complete message.
        if (trainer == null) {
            throw new TokenizerFormatException(sourceName + ": invalid SentencePiece model: no trainer_spec"
                    + " (truncated file?) after " + pieces.size() + " pieces");
        }
        if (normalizer == null) {
            throw new TokenizerFormatException(sourceName + ": invalid SentencePiece model: no normalizer_spec"
                    + " (truncated file?)");
        }
        return new SentencePieceModelFile(sourceName, List.copyOf(pieces), trainer, normalizer, denormalizer);
    }

    private static Piece readPiece(ProtoReader r, String sourceName, int index) {
        String piece = "";
        float score = 0f;
        int type = PieceType.NORMAL.protoValue();
        while (r.next()) {
            switch (r.field()) {
                case 1 -> piece = r.readString();
                case 2 -> score = r.readFloat();
                case 3 -> type = r.readInt32();
                default -> r.skip();
            }
        }
        PieceType t = PieceType.fromProtoValue(type);
        if (t == null) {
            throw new TokenizerFormatException(sourceName + ": piece " + index + " ('" + piece + "') has unknown type "
                    + type + " (expected 1..6)");
        }
        return new Piece(piece, score, t);
    }

    private static TrainerSpec readTrainerSpec(ProtoReader r, String sourceName) {
        int modelType = 1;
        int vocabSize = 8000;
        boolean byteFallback = false, splitDigits = false, splitByWhitespace = true, splitByNumber = true;
        boolean splitByUnicodeScript = true, treatWsAsSuffix = false, allowWsOnly = false;
        int unkId = 0, bosId = 1, eosId = 2, padId = -1;
        String unkPiece = "<unk>", bosPiece = "<s>", eosPiece = "</s>", padPiece = "<pad>";
        String unkSurface = " \u2047 ";
        while (r.next()) {
            switch (r.field()) {
                case 3 -> modelType = r.readInt32();
                case 4 -> vocabSize = r.readInt32();
                case 21 -> splitByUnicodeScript = r.readBool();
                case 22 -> splitByWhitespace = r.readBool();
                case 23 -> splitByNumber = r.readBool();
                case 24 -> treatWsAsSuffix = r.readBool();
                case 25 -> splitDigits = r.readBool();
                case 26 -> allowWsOnly = r.readBool();
                case 35 -> byteFallback = r.readBool();
                case 40 -> unkId = r.readInt32();
                case 41 -> bosId = r.readInt32();
                case 42 -> eosId = r.readInt32();
                case 43 -> padId = r.readInt32();
                case 44 -> unkSurface = r.readString();
                // An empty piece name means "use the default" in the library.
                case 45 -> unkPiece = orDefault(r.readString(), "<unk>");
                case 46 -> bosPiece = orDefault(r.readString(), "<s>");
                case 47 -> eosPiece = orDefault(r.readString(), "</s>");
                case 48 -> padPiece = orDefault(r.readString(), "<pad>");
                default -> r.skip();
            }
        }
        ModelType type = switch (modelType) {
            case 1 -> ModelType.UNIGRAM;
            case 2 -> ModelType.BPE;
            case 3 -> ModelType.WORD;
            case 4 -> ModelType.CHAR;
            default -> throw new TokenizerFormatException(sourceName + ": unknown trainer_spec.model_type " + modelType
                    + " (expected 1=UNIGRAM, 2=BPE, 3=WORD or 4=CHAR)");
        };
        return new TrainerSpec(type, vocabSize, byteFallback, splitDigits, splitByWhitespace, splitByNumber,
                splitByUnicodeScript, treatWsAsSuffix, allowWsOnly, unkId, bosId, eosId, padId,
                unkPiece, bosPiece, eosPiece, padPiece, unkSurface);
    }

    private static String orDefault(String s, String dflt) {
        return s.isEmpty() ? dflt : s;
    }

    private static NormalizerSpec readNormalizerSpec(ProtoReader r) {
        String name = "";
        byte[] charsmap = new byte[0];
        boolean addDummyPrefix = true, removeExtraWhitespaces = true, escapeWhitespaces = true;
        while (r.next()) {
            switch (r.field()) {
                case 1 -> name = r.readString();
                case 2 -> charsmap = r.readBytes();
                case 3 -> addDummyPrefix = r.readBool();
                case 4 -> removeExtraWhitespaces = r.readBool();
                case 5 -> escapeWhitespaces = r.readBool();
                default -> r.skip();
            }
        }
        return new NormalizerSpec(name, charsmap, addDummyPrefix, removeExtraWhitespaces, escapeWhitespaces);
    }

    private void validate() {
        if (pieces.isEmpty()) throw fail("the model has no pieces");
        Map<String, Integer> normalIds = new HashMap<>();
        Map<String, Integer> reservedIds = new HashMap<>();
        boolean[] byteFound = new boolean[256];
        int unk = -1;
        for (int i = 0; i < pieces.size(); i++) {
            Piece p = pieces.get(i);
            String s = p.piece();
            if (s.isEmpty()) throw fail("piece " + i + " is empty");
            if (s.indexOf('\0') >= 0) throw fail("piece " + i + " contains a NUL character");
            if (s.length() >= MAX_PIECE_BYTES || utf8Length(s) >= MAX_PIECE_BYTES) {
                throw fail("piece " + i + " is longer than " + MAX_PIECE_BYTES + " bytes");
            }
            boolean normalKind = p.type() == PieceType.NORMAL || p.type() == PieceType.USER_DEFINED
                    || p.type() == PieceType.UNUSED;
            Integer previous = (normalKind ? normalIds : reservedIds).putIfAbsent(s, i);
            if (previous != null) throw fail("piece '" + s + "' is defined twice (ids " + previous + " and " + i + ")");
            if (p.type() == PieceType.UNKNOWN) {
                if (unk >= 0) throw fail("more than one UNKNOWN piece (ids " + unk + " and " + i + ")");
                unk = i;
            }
            if (p.type() == PieceType.BYTE) {
                if (!trainerSpec.byteFallback()) {
                    throw fail("byte piece '" + s + "' (id " + i + ") found although byte_fallback is false");
                }
                int b = byteOfPiece(s);
                if (b < 0) throw fail("byte piece '" + s + "' (id " + i + ") is not of the form <0xNN>");
                byteFound[b] = true;
            }
        }
        if (unk < 0) throw fail("no UNKNOWN piece (every model needs exactly one)");
        if (trainerSpec.byteFallback()) {
            for (int b = 0; b < 256; b++) {
                if (!byteFound[b]) {
                    throw fail("byte_fallback is true but the byte piece " + pieceOfByte(b) + " is missing");
                }
            }
        }
        checkCharsmap(normalizer, "normalizer_spec");
        if (denormalizer != null) checkCharsmap(denormalizer, "denormalizer_spec");
    }

    private void checkCharsmap(NormalizerSpec spec, String what) {
        if (spec.precompiledCharsmap().length == 0) return;
        try {
            PrecompiledCharsMap.parse(spec.precompiledCharsmap());
        } catch (IllegalArgumentException e) {
            throw fail(what + ".precompiled_charsmap is corrupt: " + e.getMessage());
        }
    }

    private TokenizerFormatException fail(String what) {
        return new TokenizerFormatException(sourceName + ": invalid SentencePiece model: " + what);
    }

    /** Number of pieces (the vocabulary size). */
    public int size() {
        return pieces.size();
    }

    /**
     * The id of {@code piece} as the library's {@code PieceToId} finds it without the unknown
     * fallback: CONTROL/UNKNOWN/BYTE pieces first, then the others; -1 if absent.
     */
    public int findPiece(String piece) {
        int other = -1;
        for (int i = 0; i < pieces.size(); i++) {
            Piece p = pieces.get(i);
            if (!p.piece().equals(piece)) continue;
            PieceType t = p.type();
            if (t == PieceType.CONTROL || t == PieceType.UNKNOWN || t == PieceType.BYTE) return i;
            if (other < 0) other = i;
        }
        return other;
    }

    /** The id of the UNKNOWN piece. */
    public int unkId() {
        for (int i = 0; i < pieces.size(); i++) {
            if (pieces.get(i).type() == PieceType.UNKNOWN) return i;
        }
        throw new IllegalStateException("validated model without UNKNOWN piece");
    }

    /**
     * The pad id as {@code SentencePieceProcessor.pad_id()} reports it: the id of the pad piece if
     * that piece is a CONTROL symbol, else -1.
     */
    public int padId() {
        int id = findPiece(trainerSpec.padPiece());
        return id >= 0 && pieces.get(id).type() == PieceType.CONTROL ? id : -1;
    }

    /** The byte of a byte piece {@code <0xNN>} (upper-case hex, as the library writes them), or -1. */
    public static int byteOfPiece(String piece) {
        if (piece.length() != 6 || !piece.startsWith("<0x") || piece.charAt(5) != '>') return -1;
        int hi = Character.digit(piece.charAt(3), 16);
        int lo = Character.digit(piece.charAt(4), 16);
        if (hi < 0 || lo < 0) return -1;
        String canonical = pieceOfByte(hi * 16 + lo);
        return canonical.equals(piece) ? hi * 16 + lo : -1;
    }

    /** The byte piece of byte {@code b}: {@code <0xNN>} with upper-case hex. */
    public static String pieceOfByte(int b) {
        return String.format("<0x%02X>", b & 0xFF);
    }

    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) n += 1;
            else if (c < 0x800) n += 2;
            else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else n += 3;
        }
        return n;
    }
}
