package io.m3j.tokenizer.spm;

import io.m3j.tokenizer.model.PieceType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * SentencePiece's text normalization ({@code normalizer::Normalizer}), byte for byte: the
 * precompiled charsmap (longest rule first), user-defined symbols copied unnormalized,
 * {@code remove_extra_whitespaces}, {@code add_dummy_prefix} (a prefix, or a suffix with
 * {@code treat_whitespace_as_suffix}) and {@code escape_whitespaces} (space to U+2581).
 *
 * <p>The library works on UTF-8 bytes and this class does too, internally; its result also carries,
 * for every UTF-16 index of the normalized text, the UTF-16 index in the original string it came
 * from, so token offsets can be mapped back.
 *
 * <p>Lone surrogates: the library only ever sees UTF-8 (Python cannot even encode a lone surrogate
 * to pass it), so there is no reference behaviour. We encode a lone surrogate as U+FFFD, which is
 * also what the library produces for a malformed byte, so it then behaves like any other U+FFFD.
 */
public final class SentencePieceNormalizer {
    private static final byte[] SPACE_SYMBOL = {(byte) 0xE2, (byte) 0x96, (byte) 0x81}; // U+2581
    private static final byte[] REPLACEMENT_CHAR = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD}; // U+FFFD

    private final PrecompiledCharsMap charsMap;
    private final boolean addDummyPrefix;
    private final boolean removeExtraWhitespaces;
    private final boolean escapeWhitespaces;
    private final boolean treatWhitespaceAsSuffix;
    private final ByteTrie userDefined; // null when the model has no user-defined symbols

    /**
     * A normalized text.
     *
     * @param text       the normalized text
     * @param toOriginal {@code text.length() + 1} entries: the UTF-16 index in the original string of
     *                   each UTF-16 index of {@code text} (the last entry maps the end)
     */
    public record Normalized(String text, int[] toOriginal) {
    }

    /**
     * @param spec                    normalizer settings
     * @param treatWhitespaceAsSuffix {@code trainer_spec.treat_whitespace_as_suffix}
     * @param userDefinedSymbols      pieces of type USER_DEFINED: matched before the charsmap and
     *                                copied as they are
     */
    public SentencePieceNormalizer(SentencePieceModelFile.NormalizerSpec spec, boolean treatWhitespaceAsSuffix,
                                   Collection<String> userDefinedSymbols) {
        byte[] blob = spec.precompiledCharsmap();
        this.charsMap = blob.length == 0 ? PrecompiledCharsMap.empty() : PrecompiledCharsMap.parse(blob);
        this.addDummyPrefix = spec.addDummyPrefix();
        this.removeExtraWhitespaces = spec.removeExtraWhitespaces();
        this.escapeWhitespaces = spec.escapeWhitespaces();
        this.treatWhitespaceAsSuffix = treatWhitespaceAsSuffix;
        List<byte[]> keys = new ArrayList<>();
        for (String s : userDefinedSymbols) keys.add(Utf8.encode(s));
        this.userDefined = keys.isEmpty() ? null : new ByteTrie(keys);
    }

    /** The normalizer of a model, as {@code SentencePieceProcessor} sets it up. */
    public static SentencePieceNormalizer of(SentencePieceModelFile model) {
        List<String> userDefined = new ArrayList<>();
        for (SentencePieceModelFile.Piece p : model.pieces()) {
            if (p.type() == PieceType.USER_DEFINED) userDefined.add(p.piece());
        }
        return new SentencePieceNormalizer(model.normalizer(), model.trainerSpec().treatWhitespaceAsSuffix(),
                userDefined);
    }

    /** The denormalizer of a model (applied to decoded text), or null if it has none. */
    public static SentencePieceNormalizer denormalizerOf(SentencePieceModelFile model) {
        SentencePieceModelFile.NormalizerSpec spec = model.denormalizer();
        if (spec == null || spec.precompiledCharsmap().length == 0) return null;
        return new SentencePieceNormalizer(spec, false, List.of());
    }

    /** Normalizes {@code text}; same as {@code SentencePieceProcessor.normalize}. */
    public String normalizeToString(String text) {
        return normalize(text).text();
    }

    public Normalized normalize(String text) {
        Utf8 in = Utf8.of(text);
        byte[] src = in.bytes;
        int len = in.length;
        Output out = new Output(len);
        Prefix p = new Prefix();

        int pos = 0;
        if (removeExtraWhitespaces) {
            while (pos < len) {
                normalizePrefix(src, pos, len, p);
                if (!p.isSingleSpace()) break;
                pos += p.consumed;
            }
        }
        if (pos == len) return new Normalized("", new int[]{0});

        int consumed = pos;
        if (!treatWhitespaceAsSuffix && addDummyPrefix) addWhitespace(out, consumed);

        boolean prevIsSpace = removeExtraWhitespaces;
        while (pos < len) {
            normalizePrefix(src, pos, len, p);
            int from = p.from;
            // Drops leading spaces of this piece when the previous one ended with a space.
            while (prevIsSpace && from < p.to && p.bytes[from] == ' ') from++;
            if (from < p.to) {
                for (int i = from; i < p.to; i++) {
                    byte b = p.bytes[i];
                    if (escapeWhitespaces && b == ' ') out.append(SPACE_SYMBOL, consumed);
                    else out.append(b, consumed);
                }
                prevIsSpace = p.bytes[p.to - 1] == ' ';
            }
            consumed += p.consumed;
            pos += p.consumed;
            if (!removeExtraWhitespaces) prevIsSpace = false;
        }

        if (removeExtraWhitespaces) {
            byte[] space = escapeWhitespaces ? SPACE_SYMBOL : new byte[]{' '};
            while (out.endsWith(space)) {
                int length = out.size - space.length;
                consumed = out.origin[length];
                out.size = length;
            }
        }
        if (treatWhitespaceAsSuffix && addDummyPrefix) addWhitespace(out, consumed);
        return out.toNormalized(in, consumed);
    }

    private void addWhitespace(Output out, int consumed) {
        if (escapeWhitespaces) out.append(SPACE_SYMBOL, consumed);
        else out.append((byte) ' ', consumed);
    }

    /** {@code NormalizePrefix}: the replacement for the start of {@code src[pos, len)} and how many bytes it consumes. */
    private void normalizePrefix(byte[] src, int pos, int len, Prefix p) {
        if (userDefined != null) {
            int m = userDefined.longestPrefix(src, pos, len);
            if (m > 0) {
                p.set(src, pos, pos + m, m);
                return;
            }
        }
        long match = charsMap.longestMatch(src, pos, len);
        if (match != 0) {
            byte[] rep = charsMap.replacementBytes((int) match);
            p.set(rep, 0, rep.length, (int) (match >>> 32));
            return;
        }
        int n = Utf8.validCharLength(src, pos, len);
        if (n == 0) p.set(REPLACEMENT_CHAR, 0, 3, 1); // malformed UTF-8: U+FFFD for one byte, as the library does
        else p.set(src, pos, pos + n, n);
    }

    private static final class Prefix {
        byte[] bytes;
        int from;
        int to;
        int consumed;

        void set(byte[] bytes, int from, int to, int consumed) {
            this.bytes = bytes;
            this.from = from;
            this.to = to;
            this.consumed = consumed;
        }

        boolean isSingleSpace() {
            return to - from == 1 && bytes[from] == ' ';
        }
    }

    /** The normalized bytes and, for each, the byte offset in the input it came from. */
    private static final class Output {
        byte[] bytes;
        int[] origin;
        int size;

        Output(int inputLength) {
            int cap = Math.max(16, inputLength + inputLength / 2 + 8);
            bytes = new byte[cap];
            origin = new int[cap];
        }

        void append(byte b, int from) {
            if (size == bytes.length) grow();
            bytes[size] = b;
            origin[size++] = from;
        }

        void append(byte[] bs, int from) {
            for (byte b : bs) append(b, from);
        }

        boolean endsWith(byte[] suffix) {
            if (size < suffix.length) return false;
            for (int i = 0; i < suffix.length; i++) {
                if (bytes[size - suffix.length + i] != suffix[i]) return false;
            }
            return true;
        }

        private void grow() {
            int cap = bytes.length * 2;
            bytes = Arrays.copyOf(bytes, cap);
            origin = Arrays.copyOf(origin, cap);
        }

        /** Decodes the bytes to a string and maps every UTF-16 index to the original UTF-16 index. */
        Normalized toNormalized(Utf8 in, int endOrigin) {
            char[] chars = new char[size];
            int[] toOriginal = new int[size + 1];
            int n = 0;
            int i = 0;
            while (i < size) {
                int len = Utf8.validCharLength(bytes, i, size);
                int orig = in.utf16Index(origin[i]);
                int cp = len == 0 ? 0xFFFD : Utf8.decode(bytes, i, len);
                if (len == 0) len = 1;
                if (cp >= 0x10000) {
                    chars[n] = Character.highSurrogate(cp);
                    toOriginal[n++] = orig;
                    chars[n] = Character.lowSurrogate(cp);
                    toOriginal[n++] = orig;
                } else {
                    chars[n] = (char) cp;
                    toOriginal[n++] = orig;
                }
                i += len;
            }
            toOriginal[n] = in.utf16Index(endOrigin);
            return new Normalized(new String(chars, 0, n), Arrays.copyOf(toOriginal, n + 1));
        }
    }
}
