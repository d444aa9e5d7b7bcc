package io.m3j.tokenizer.model;

/**
 * The type of a SentencePiece vocabulary entry ({@code ModelProto.SentencePiece.Type}). It decides
 * whether the encoder may produce the piece and how it is decoded.
 */
public enum PieceType {
    /** An ordinary subword, produced by the encoder. */
    NORMAL(1),
    /** The unknown piece ({@code <unk>}); exactly one per model. */
    UNKNOWN(2),
    /** A control symbol ({@code <s>}, {@code </s>}, {@code <pad>}): never produced from text, decodes to nothing. */
    CONTROL(3),
    /** A user-defined symbol: always kept whole, never normalized. */
    USER_DEFINED(4),
    /** A piece kept in the vocabulary but never produced by the encoder. */
    UNUSED(5),
    /** A byte piece {@code <0xNN>} used by byte fallback. */
    BYTE(6);

    private final int protoValue;

    PieceType(int protoValue) {
        this.protoValue = protoValue;
    }

    /** The enum value used in the {@code .model} protobuf. */
    public int protoValue() {
        return protoValue;
    }

    /** The type with protobuf value {@code value}, or null if there is none. */
    public static PieceType fromProtoValue(int value) {
        for (PieceType t : values()) {
            if (t.protoValue == value) return t;
        }
        return null;
    }
}
