package io.m3j.tokenizer.model;

/**
 * GPT-2's byte-level alphabet: a bijection between the 256 byte values and 256 printable Unicode
 * characters, so that any UTF-8 byte sequence can be written as a string of visible characters
 * (used by the ByteLevel pre-tokenizer and decoder and by byte-level BPE vocabularies).
 *
 * <p>Bytes that are already printable Latin-1 ({@code '!'..'~'}, {@code '¡'..'¬'}, {@code '®'..'ÿ'})
 * map to themselves; the remaining 68 bytes map, in increasing byte order, to U+0100, U+0101, ...
 * This is the same table as GPT-2's {@code bytes_to_unicode()}.
 */
public final class ByteLevelAlphabet {

    private static final char[] BYTE_TO_CHAR = new char[256];
    /** Indexed by char; only chars below {@link #CHAR_LIMIT} can be in the alphabet. */
    private static final short[] CHAR_TO_BYTE;
    private static final int CHAR_LIMIT = 0x100 + 68;

    static {
        int next = 0x100;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            BYTE_TO_CHAR[b] = printable ? (char) b : (char) next++;
        }
        CHAR_TO_BYTE = new short[CHAR_LIMIT];
        java.util.Arrays.fill(CHAR_TO_BYTE, (short) -1);
        for (int b = 0; b < 256; b++) {
            CHAR_TO_BYTE[BYTE_TO_CHAR[b]] = (short) b;
        }
    }

    private ByteLevelAlphabet() {
    }

    /** The printable character standing for byte {@code b} (0..255; a signed byte's low 8 bits are used). */
    public static char byteToChar(int b) {
        return BYTE_TO_CHAR[b & 0xFF];
    }

    /** The byte (0..255) that {@code c} stands for, or -1 if {@code c} is not in the alphabet. */
    public static int charToByte(char c) {
        return c < CHAR_LIMIT ? CHAR_TO_BYTE[c] : -1;
    }

    /** Writes {@code utf8[from..to)} as alphabet characters, one char per byte. */
    public static String encode(byte[] utf8, int from, int to) {
        char[] chars = new char[to - from];
        for (int i = from; i < to; i++) {
            chars[i - from] = BYTE_TO_CHAR[utf8[i] & 0xFF];
        }
        return new String(chars);
    }

    /** Writes all of {@code utf8} as alphabet characters, one char per byte. */
    public static String encode(byte[] utf8) {
        return encode(utf8, 0, utf8.length);
    }
}
