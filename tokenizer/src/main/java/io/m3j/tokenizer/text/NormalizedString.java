package io.m3j.tokenizer.text;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A piece of text being normalized that remembers where every part of it came from.
 *
 * <p>For every UTF-16 unit of the normalized text it keeps the [start, end) range, in UTF-16 units,
 * of the ORIGINAL text that produced it (Hugging Face's "alignments"). Normalizers and
 * pre-tokenizers rewrite the text through {@link Editor}; pieces are cut with {@link #slice}; token
 * offsets found in the normalized text map back to the original with {@link #originalStart} /
 * {@link #originalEnd}.
 *
 * <p>Mutable, confined to one encode call; never shared between threads.
 */
public final class NormalizedString {
    private final String original;
    /** Original range covered by this piece; used for empty pieces, which have no alignments. */
    private int originalFrom;
    private int originalTo;
    private String text;
    private int[] starts;
    private int[] ends;

    /** The whole of {@code original}, not yet normalized. */
    public NormalizedString(String original) {
        this(original, 0, original.length());
    }

    /** {@code original[from, to)}, not yet normalized. */
    public NormalizedString(String original, int from, int to) {
        this.original = original;
        this.originalFrom = from;
        this.originalTo = to;
        this.text = original.substring(from, to);
        int n = to - from;
        this.starts = new int[n];
        this.ends = new int[n];
        for (int i = 0; i < n; i++) {
            starts[i] = from + i;
            ends[i] = from + i + 1;
        }
    }

    private NormalizedString(String original, int originalFrom, int originalTo, String text, int[] starts, int[] ends) {
        this.original = original;
        this.originalFrom = originalFrom;
        this.originalTo = originalTo;
        this.text = text;
        this.starts = starts;
        this.ends = ends;
    }

    /** The normalized text. */
    public String text() {
        return text;
    }

    public int length() {
        return text.length();
    }

    public boolean isEmpty() {
        return text.isEmpty();
    }

    public String original() {
        return original;
    }

    /** Start (in the original text) of the original range this piece covers. */
    public int originalFrom() {
        return originalFrom;
    }

    /** End (in the original text) of the original range this piece covers. */
    public int originalTo() {
        return originalTo;
    }

    /** Original start of the normalized range [from, to). */
    public int originalStart(int from, int to) {
        if (from < to) return starts[from];
        if (from < starts.length) return starts[from];
        return starts.length == 0 ? originalFrom : ends[starts.length - 1];
    }

    /** Original end of the normalized range [from, to). */
    public int originalEnd(int from, int to) {
        if (from < to) return ends[to - 1];
        return originalStart(from, to);
    }

    /** The normalized range [from, to) as its own piece, keeping its alignments. */
    public NormalizedString slice(int from, int to) {
        int of = from < to ? starts[from] : originalStart(from, to);
        int ot = from < to ? ends[to - 1] : of;
        // Alignments are not strictly monotonic after some normalizations; cover them all.
        for (int i = from; i < to; i++) {
            of = Math.min(of, starts[i]);
            ot = Math.max(ot, ends[i]);
        }
        return new NormalizedString(original, of, ot, text.substring(from, to),
                Arrays.copyOfRange(starts, from, to), Arrays.copyOfRange(ends, from, to));
    }

    /** Starts rewriting the text; nothing changes until {@link Editor#apply()}. */
    public Editor edit() {
        return new Editor();
    }

    /**
     * Builds the new text of a {@link NormalizedString} from parts of the current one. Every emitted
     * unit is aligned to the original range of the current units it was made from.
     */
    public final class Editor {
        private final StringBuilder out = new StringBuilder(text.length() + 8);
        private int[] newStarts = new int[text.length() + 8];
        private int[] newEnds = new int[text.length() + 8];

        private Editor() {
        }

        /** Keeps current units [from, to) unchanged. */
        public Editor copy(int from, int to) {
            ensure(to - from);
            int n = out.length();
            out.append(text, from, to);
            System.arraycopy(starts, from, newStarts, n, to - from);
            System.arraycopy(ends, from, newEnds, n, to - from);
            return this;
        }

        /** Emits {@code cp} in place of current units [srcFrom, srcTo). */
        public Editor emit(int cp, int srcFrom, int srcTo) {
            int s = originalStart(srcFrom, srcTo);
            int e = originalEnd(srcFrom, srcTo);
            if (Character.isBmpCodePoint(cp)) {
                ensure(1);
                put((char) cp, s, e);
            } else {
                ensure(2);
                put(Character.highSurrogate(cp), s, e);
                put(Character.lowSurrogate(cp), s, e);
            }
            return this;
        }

        /** Emits {@code replacement} in place of current units [srcFrom, srcTo). */
        public Editor emit(CharSequence replacement, int srcFrom, int srcTo) {
            int s = originalStart(srcFrom, srcTo);
            int e = originalEnd(srcFrom, srcTo);
            for (int i = from(srcFrom, srcTo); i < srcTo; i++) {
                s = Math.min(s, starts[i]);
                e = Math.max(e, ends[i]);
            }
            ensure(replacement.length());
            for (int i = 0; i < replacement.length(); i++) put(replacement.charAt(i), s, e);
            return this;
        }

        private int from(int srcFrom, int srcTo) {
            return srcFrom < srcTo ? srcFrom : srcTo;
        }

        /** Emits {@code inserted} aligned to an explicit original range. */
        public Editor emitAligned(CharSequence inserted, int originalStart, int originalEnd) {
            ensure(inserted.length());
            for (int i = 0; i < inserted.length(); i++) put(inserted.charAt(i), originalStart, originalEnd);
            return this;
        }

        private void put(char c, int s, int e) {
            int n = out.length();
            out.append(c);
            newStarts[n] = s;
            newEnds[n] = e;
        }

        private void ensure(int extra) {
            int need = out.length() + extra;
            if (need > newStarts.length) {
                int cap = Math.max(need, newStarts.length * 2);
                newStarts = Arrays.copyOf(newStarts, cap);
                newEnds = Arrays.copyOf(newEnds, cap);
            }
        }

        /** Replaces the text and alignments of the {@link NormalizedString} with what was built. */
        public void apply() {
            int n = out.length();
            text = out.toString();
            starts = Arrays.copyOf(newStarts, n);
            ends = Arrays.copyOf(newEnds, n);
        }
    }

    // ---- Operations shared by several normalizers and pre-tokenizers. ----

    /** Lowercases each code point as Rust's {@code char::to_lowercase} does. */
    public void lowercase() {
        if (isAsciiLower(text)) return;
        Editor ed = edit();
        StringBuilder lower = new StringBuilder(2);
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int n = Character.charCount(cp);
            if (cp < 0x80) {
                ed.emit(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp, i, i + 1);
            } else {
                lower.setLength(0);
                UnicodeProps.appendLowercase(cp, lower);
                ed.emit(lower, i, i + n);
            }
            i += n;
        }
        ed.apply();
    }

    private static boolean isAsciiLower(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || (c >= 'A' && c <= 'Z')) return false;
        }
        return true;
    }

    /** Keeps only the code points for which {@code keep} is true. */
    public void filter(IntPredicate keep) {
        Editor ed = null;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int n = Character.charCount(cp);
            boolean k = keep.test(cp);
            if (!k && ed == null) {
                ed = edit();
                ed.copy(0, i);
            }
            if (k && ed != null) ed.copy(i, i + n);
            i += n;
        }
        if (ed != null) ed.apply();
    }

    /** Replaces every non-overlapping occurrence of {@code literal} with {@code content}. */
    public void replaceLiteral(String literal, String content) {
        if (literal.isEmpty()) return;
        int at = text.indexOf(literal);
        if (at < 0) return;
        Editor ed = edit();
        int prev = 0;
        while (at >= 0) {
            ed.copy(prev, at);
            ed.emit(content, at, at + literal.length());
            prev = at + literal.length();
            at = text.indexOf(literal, prev);
        }
        ed.copy(prev, text.length());
        ed.apply();
    }

    /** Replaces every match of {@code pattern} with {@code content} (taken literally). */
    public void replaceRegex(Pattern pattern, String content) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) return;
        Editor ed = edit();
        int prev = 0;
        do {
            if (m.end() == m.start()) continue; // empty matches replace nothing
            ed.copy(prev, m.start());
            ed.emit(content, m.start(), m.end());
            prev = m.end();
        } while (m.find());
        ed.copy(prev, text.length());
        ed.apply();
    }

    /**
     * Puts {@code prefix} in front of the text; it is aligned to the first code point (so a token
     * made of the prefix and the first word spans the word in the original).
     */
    public void prepend(String prefix) {
        if (text.isEmpty()) {
            edit().emitAligned(prefix, originalFrom, originalFrom).apply();
            return;
        }
        int first = Character.charCount(text.codePointAt(0));
        edit().emit(prefix, 0, first).copy(0, text.length()).apply();
    }

    /** Appends {@code suffix}, aligned to the last code point. */
    public void append(String suffix) {
        if (text.isEmpty()) {
            edit().emitAligned(suffix, originalTo, originalTo).apply();
            return;
        }
        int last = text.offsetByCodePoints(text.length(), -1);
        edit().copy(0, text.length()).emit(suffix, last, text.length()).apply();
    }

    /** Removes leading and/or trailing Unicode white space. */
    public void strip(boolean left, boolean right) {
        int from = 0;
        int to = text.length();
        if (left) {
            while (from < to && UnicodeProps.isWhitespace(text.codePointAt(from))) from += Character.charCount(text.codePointAt(from));
        }
        if (right) {
            while (to > from && UnicodeProps.isWhitespace(text.codePointBefore(to))) to -= Character.charCount(text.codePointBefore(to));
        }
        if (from == 0 && to == text.length()) return;
        edit().copy(from, to).apply();
    }

    /**
     * Applies a Unicode normalization form. The text is exactly {@code Normalizer.normalize(text,
     * form)}; alignments are tracked per segment (a starter plus the combining characters after it).
     */
    public void unicodeNormalize(Normalizer.Form form) {
        if (Normalizer.isNormalized(text, form)) return;
        String whole = Normalizer.normalize(text, form);
        Editor ed = edit();
        int pos = 0; // position in whole
        int segStart = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            // extend the segment over following non-starters
            int j = i + Character.charCount(text.codePointAt(i));
            while (j < n && !isStarter(text.codePointAt(j))) j += Character.charCount(text.codePointAt(j));
            String piece = Normalizer.normalize(text.substring(segStart, j), form);
            boolean nextIsSafe = j >= n;
            if (!nextIsSafe) {
                // The next segment must not compose with this one: check by normalizing both together.
                int k = j + Character.charCount(text.codePointAt(j));
                while (k < n && !isStarter(text.codePointAt(k))) k += Character.charCount(text.codePointAt(k));
                String next = Normalizer.normalize(text.substring(j, k), form);
                nextIsSafe = Normalizer.normalize(text.substring(segStart, k), form).equals(piece + next);
            }
            if (nextIsSafe && whole.startsWith(piece, pos)) {
                if (piece.length() == j - segStart && text.regionMatches(segStart, piece, 0, piece.length())) {
                    ed.copy(segStart, j); // unchanged: keep the fine alignment
                } else {
                    emitSegment(ed, piece, segStart, j, form);
                }
                pos += piece.length();
                segStart = j;
            } else if (j - segStart > 256) {
                ed = null; // give up on fine alignment
                break;
            }
            i = j;
        }
        if (ed == null || pos != whole.length() || segStart != n) {
            // Coarse but correct: the whole normalized text spans the whole original piece.
            edit().emit(whole, 0, n).apply();
            return;
        }
        ed.apply();
    }

    /**
     * Emits the normalized segment {@code piece} of current units [from, to): aligned code point by
     * code point when normalizing each code point alone gives the same text (decomposition without
     * reordering), else every unit aligned to the whole segment.
     */
    private void emitSegment(Editor ed, String piece, int from, int to, Normalizer.Form form) {
        StringBuilder joined = new StringBuilder(piece.length());
        for (int i = from; i < to; ) {
            int n = Character.charCount(text.codePointAt(i));
            joined.append(Normalizer.normalize(text.substring(i, i + n), form));
            i += n;
        }
        if (!joined.toString().equals(piece)) {
            emitReordered(ed, piece, joined.toString(), from, to, form);
            return;
        }
        for (int i = from; i < to; ) {
            int n = Character.charCount(text.codePointAt(i));
            String one = Normalizer.normalize(text.substring(i, i + n), form);
            if (one.length() == n && text.regionMatches(i, one, 0, n)) ed.copy(i, i + n);
            else ed.emit(one, i, i + n);
            i += n;
        }
    }

    /**
     * The per-code-point decompositions were reordered (canonical ordering of combining marks):
     * align each unit of {@code piece} to the code point whose decomposition produced it.
     */
    private void emitReordered(Editor ed, String piece, String joined, int from, int to, Normalizer.Form form) {
        if (joined.length() != piece.length()) {
            ed.emit(piece, from, to);
            return;
        }
        int[] srcStart = new int[joined.length()];
        int[] srcEnd = new int[joined.length()];
        int k = 0;
        for (int i = from; i < to; ) {
            int n = Character.charCount(text.codePointAt(i));
            int len = Normalizer.normalize(text.substring(i, i + n), form).length();
            for (int j = 0; j < len; j++) {
                srcStart[k] = i;
                srcEnd[k++] = i + n;
            }
            i += n;
        }
        boolean[] used = new boolean[joined.length()];
        for (int p = 0; p < piece.length(); p++) {
            int match = -1;
            for (int q = 0; q < joined.length() && match < 0; q++) {
                if (!used[q] && joined.charAt(q) == piece.charAt(p)) match = q;
            }
            if (match < 0) { // cannot happen for a pure reordering; stay correct anyway
                ed.emit(piece.substring(p), from, to);
                return;
            }
            used[match] = true;
            ed.emit(piece.charAt(p), srcStart[match], srcEnd[match]);
        }
    }

    private static boolean isStarter(int cp) {
        int t = Character.getType(cp);
        if (t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK || t == Character.ENCLOSING_MARK) {
            return false;
        }
        // Hangul vowel and trailing jamo compose with what precedes them.
        return !(cp >= 0x1161 && cp <= 0x1175) && !(cp >= 0x11A8 && cp <= 0x11C2);
    }

    @Override
    public String toString() {
        return text;
    }
}
