package io.m3j.tokenizer.spm;

/**
 * UTF-8 encoding of a Java string that remembers where each byte came from, and strict UTF-8
 * decoding as SentencePiece's {@code string_util::DecodeUTF8} does it (no overlong forms, no
 * surrogates, nothing above U+10FFFF).
 */
final class Utf8 {
    final byte[] bytes;
    final int length;
    private final int[] utf16OfByte; // UTF-16 index of the character each byte belongs to; [length] = string length

    private Utf8(byte[] bytes, int length, int[] utf16OfByte) {
        this.bytes = bytes;
        this.length = length;
        this.utf16OfByte = utf16OfByte;
    }

    /** Encodes {@code s}; a lone surrogate becomes U+FFFD (EF BF BD). */
    static Utf8 of(String s) {
        int n = s.length();
        int size = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) size += 1;
            else if (c < 0x800) size += 2;
            else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                size += 4;
                i++;
            } else size += 3;
        }
        byte[] out = new byte[size];
        int[] origin = new int[size + 1];
        int k = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            int start = i;
            int cp = c;
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                cp = Character.toCodePoint(c, s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                cp = 0xFFFD;
            }
            if (cp < 0x80) {
                origin[k] = start;
                out[k++] = (byte) cp;
            } else if (cp < 0x800) {
                origin[k] = start;
                out[k++] = (byte) (0xC0 | cp >> 6);
                origin[k] = start;
                out[k++] = (byte) (0x80 | cp & 0x3F);
            } else if (cp < 0x10000) {
                origin[k] = start;
                out[k++] = (byte) (0xE0 | cp >> 12);
                origin[k] = start;
                out[k++] = (byte) (0x80 | cp >> 6 & 0x3F);
                origin[k] = start;
                out[k++] = (byte) (0x80 | cp & 0x3F);
            } else {
                origin[k] = start;
                out[k++] = (byte) (0xF0 | cp >> 18);
                origin[k] = start;
                out[k++] = (byte) (0x80 | cp >> 12 & 0x3F);
                origin[k] = start;
                out[k++] = (byte) (0x80 | cp >> 6 & 0x3F);
                origin[k] = start;
                out[k++] = (byte) (0x80 | cp & 0x3F);
            }
        }
        origin[k] = n;
        return new Utf8(out, k, origin);
    }

    static byte[] encode(String s) {
        Utf8 u = of(s);
        return java.util.Arrays.copyOf(u.bytes, u.length);
    }

    /** The UTF-16 index in the encoded string of byte offset {@code byteOffset} (0..length). */
    int utf16Index(int byteOffset) {
        return utf16OfByte[byteOffset];
    }

    /** Length (1-4) of the well-formed character at {@code b[i]}, or 0 if the bytes there are malformed. */
    static int validCharLength(byte[] b, int i, int end) {
        int c = b[i] & 0xFF;
        if (c < 0x80) return 1;
        if (c < 0xC2) return 0;
        if (c < 0xE0) return i + 1 < end && isCont(b[i + 1]) ? 2 : 0;
        if (c < 0xF0) {
            if (i + 2 >= end || !isCont(b[i + 1]) || !isCont(b[i + 2])) return 0;
            int cp = (c & 0x0F) << 12 | (b[i + 1] & 0x3F) << 6 | (b[i + 2] & 0x3F);
            return cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF) ? 3 : 0;
        }
        if (c < 0xF5) {
            if (i + 3 >= end || !isCont(b[i + 1]) || !isCont(b[i + 2]) || !isCont(b[i + 3])) return 0;
            int cp = (c & 0x07) << 18 | (b[i + 1] & 0x3F) << 12 | (b[i + 2] & 0x3F) << 6 | (b[i + 3] & 0x3F);
            return cp >= 0x10000 && cp <= 0x10FFFF ? 4 : 0;
        }
        return 0;
    }

    /** The code point of the well-formed {@code len}-byte character at {@code b[i]}. */
    static int decode(byte[] b, int i, int len) {
        return switch (len) {
            case 1 -> b[i];
            case 2 -> (b[i] & 0x1F) << 6 | (b[i + 1] & 0x3F);
            case 3 -> (b[i] & 0x0F) << 12 | (b[i + 1] & 0x3F) << 6 | (b[i + 2] & 0x3F);
            default -> (b[i] & 0x07) << 18 | (b[i + 1] & 0x3F) << 12 | (b[i + 2] & 0x3F) << 6 | (b[i + 3] & 0x3F);
        };
    }

    private static boolean isCont(byte b) {
        return (b & 0xC0) == 0x80;
    }
}
