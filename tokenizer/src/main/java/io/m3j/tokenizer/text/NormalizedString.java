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

    /** Starts a Hugging Face style transformation (see {@link Transform}). */
    public Transform transform() {
        return new Transform();
    }

    /**
     * Hugging Face's {@code NormalizedString::transform}: the new text is given code point by code
     * point, each with a {@code change} that says how it relates to the current text, read from left
     * to right: {@code 0} replaces the next current code point (and takes its alignment), {@code -n}
     * replaces the next one and removes the {@code n} after it (still taking the alignment of the first
     * one only), {@code 1} is inserted and takes the alignment of the current unit before it.
     * Components whose offsets Hugging Face computes this way (Precompiled) use it to give the same
     * offsets, including where that alignment is arbitrary.
     */
    public final class Transform {
        private int[] codePoints = new int[text.length() + 8];
        private int[] changes = new int[text.length() + 8];
        private int size;

        private Transform() {
        }

        public void add(int codePoint, int change) {
            if (size == codePoints.length) {
                codePoints = Arrays.copyOf(codePoints, size * 2);
                changes = Arrays.copyOf(changes, size * 2);
            }
            codePoints[size] = codePoint;
            changes[size++] = change;
        }

        /** Adds {@code delta} to the change of the last code point added; no-op if there is none. */
        public void addToLastChange(int delta) {
            if (size > 0) changes[size - 1] += delta;
        }

        /** Number of code points added so far. */
        public int size() {
            return size;
        }

        /**
         * Applies the transformation after dropping the first {@code initialOffset} current code points.
         * Current code points that no entry consumes at the end are dropped.
         */
        public void apply(int initialOffset) {
            Editor ed = edit();
            int n = text.length();
            int pos = 0;
            for (int k = 0; k < initialOffset && pos < n; k++) pos += Character.charCount(text.codePointAt(pos));
            for (int k = 0; k < size; k++) {
                int change = changes[k];
                int s;
                int e;
                if (change > 0) {
                    s = pos == 0 ? originalFrom : starts[pos - Character.charCount(text.codePointBefore(pos))];
                    e = pos == 0 ? originalFrom : ends[pos - 1];
                } else if (pos < n) {
                    int next = pos + Character.charCount(text.codePointAt(pos));
                    s = starts[pos];
                    e = ends[next - 1];
                    pos = next;
                } else { // past the end (Hugging Face would fail): stay at the end
                    s = n == 0 ? originalTo : ends[n - 1];
                    e = s;
                }
                for (int r = change; r < 0 && pos < n; r++) pos += Character.charCount(text.codePointAt(pos));
                int cp = codePoints[k];
                ed.ensure(2);
                if (Character.isBmpCodePoint(cp)) {
                    ed.put((char) cp, s, e);
                } else {
                    ed.put(Character.highSurrogate(cp), s, e);
                    ed.put(Character.lowSurrogate(cp), s, e);
                }
            }
            ed.apply();
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

    /**
     * Replaces every non-overlapping occurrence of {@code literal} with {@code content}. As in Hugging
     * Face, the replacement is aligned to the LAST unit of the occurrence (its characters count as
     * inserted after it), not to the whole occurrence.
     */
    public void replaceLiteral(String literal, String content) {
        if (literal.isEmpty()) return;
        int at = text.indexOf(literal);
        if (at < 0) return;
        Editor ed = edit();
        int prev = 0;
        while (at >= 0) {
            ed.copy(prev, at);
            int end = at + literal.length();
            ed.emitAligned(content, starts[end - Character.charCount(text.codePointBefore(end))], ends[end - 1]);
            prev = at + literal.length();
            at = text.indexOf(literal, prev);
        }
        ed.copy(prev, text.length());
        ed.apply();
    }

    /** Replaces every match of {@code pattern} with {@code content} (taken literally), aligned as {@link #replaceLiteral}. */
    public void replaceRegex(Pattern pattern, String content) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) return;
        Editor ed = edit();
        int prev = 0;
        do {
            if (m.end() == m.start()) continue; // empty matches replace nothing
            ed.copy(prev, m.start());
            ed.emitAligned(content, starts[m.end() - Character.charCount(text.codePointBefore(m.end()))], ends[m.end() - 1]);
            prev = m.end();
        } while (m.find());
        ed.copy(prev, text.length());
        ed.apply();
    }

    /**
     * Puts {@code prefix} in front of the text; it is aligned to the first code point (so a token
     * made of the prefix and the first word spans the word in the original). Like Hugging Face, does
     * nothing to an empty text.
     */
    public void prepend(String prefix) {
        if (text.isEmpty()) return;
        int first = Character.charCount(text.codePointAt(0));
        edit().emit(prefix, 0, first).copy(0, text.length()).apply();
    }

    /** Appends {@code suffix}, aligned to the last code point; does nothing to an empty text. */
    public void append(String suffix) {
        if (text.isEmpty()) return;
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
     * form)}. Alignments follow Hugging Face (its unicode-normalization-alignments crate read through
     * {@link Transform}): every code point decomposes to its first character (which replaces it) and
     * inserted ones; characters composed together become one that replaces the first of them and
     * removes the others; the result is applied position by position, so after canonical reordering
     * a mark may take the alignment of the mark it swapped places with, as in Hugging Face.
     */
    public void unicodeNormalize(Normalizer.Form form) {
        if (Normalizer.isNormalized(text, form)) return;
        String whole = Normalizer.normalize(text, form);
        Normalizer.Form decomposition = form == Normalizer.Form.NFC || form == Normalizer.Form.NFD
                ? Normalizer.Form.NFD : Normalizer.Form.NFKD;
        boolean composes = form == Normalizer.Form.NFC || form == Normalizer.Form.NFKC;
        Transform tr = transform();
        int pos = 0; // position in whole
        int segStart = 0;
        int i = 0;
        int n = text.length();
        boolean fine = true;
        while (i < n) {
            // extend the segment over following non-starters
            int j = i + Character.charCount(text.codePointAt(i));
            while (j < n && !isStarter(text.codePointAt(j))) j += Character.charCount(text.codePointAt(j));
            if (j == segStart + 1 && text.charAt(segStart) < 0x80 && (!composes || j >= n || text.charAt(j) < 0x80)) {
                // ASCII alone is unchanged, and composes with nothing ASCII after it: the common case.
                tr.add(text.charAt(segStart), 0);
                pos++;
                segStart = i = j;
                continue;
            }
            if (!composes && j == segStart + 1) {
                // One BMP character without marks after it: its own (cached) decomposition, the first
                // character replacing it and the others inserted.
                String d = decompositionOf(text.charAt(segStart), form);
                for (int k = 0; k < d.length(); ) {
                    int cp = d.codePointAt(k);
                    tr.add(cp, k == 0 ? 0 : 1);
                    k += Character.charCount(cp);
                }
                pos += d.length();
                segStart = i = j;
                continue;
            }
            String piece = Normalizer.normalize(text.substring(segStart, j), form);
            // Decomposition never crosses segments; composition might (checked by normalizing both).
            boolean nextIsSafe = j >= n || !composes;
            if (!nextIsSafe) {
                // The next segment must not compose with this one: check by normalizing both together.
                int k = j + Character.charCount(text.codePointAt(j));
                while (k < n && !isStarter(text.codePointAt(k))) k += Character.charCount(text.codePointAt(k));
                String next = Normalizer.normalize(text.substring(j, k), form);
                nextIsSafe = Normalizer.normalize(text.substring(segStart, k), form).equals(piece + next);
            }
            if (nextIsSafe && whole.startsWith(piece, pos)) {
                if (piece.length() == j - segStart && text.regionMatches(segStart, piece, 0, piece.length())) {
                    for (int c = segStart; c < j; ) { // unchanged
                        int cp = text.codePointAt(c);
                        tr.add(cp, 0);
                        c += Character.charCount(cp);
                    }
                } else if (!addSegment(tr, piece, segStart, j, decomposition)) {
                    fine = false;
                    break;
                }
                pos += piece.length();
                segStart = j;
            } else if (j - segStart > 256) {
                fine = false; // give up on fine alignment
                break;
            }
            i = j;
        }
        String before = text;
        int[] beforeStarts = starts;
        int[] beforeEnds = ends;
        if (fine && pos == whole.length() && segStart == n) {
            tr.apply(0);
            if (text.equals(whole)) return;
            text = before; // the fine alignment went wrong somewhere: undo it (apply replaced the arrays)
            starts = beforeStarts;
            ends = beforeEnds;
        }
        // Coarse but correct: the whole normalized text spans the whole original piece.
        edit().emit(whole, 0, n).apply();
    }

    /**
     * Adds the normalized segment {@code piece} of current units [from, to) with Hugging Face's
     * changes: the segment's code points are decomposed one by one (first character 0, the others
     * inserted, +1); each output character is the composition of some of those decomposed characters
     * (found by decomposing it) and its change is the sum of theirs minus one per extra character.
     * Returns false if the output cannot be matched to the decomposition (then the caller aligns
     * coarsely).
     */
    private boolean addSegment(Transform tr, String piece, int from, int to, Normalizer.Form decomposition) {
        StringBuilder decomposed = new StringBuilder();
        int[] changes = new int[4 * (to - from) + 8];
        int count = 0;
        for (int i = from; i < to; ) {
            int n = Character.charCount(text.codePointAt(i));
            String d = Normalizer.normalize(text.substring(i, i + n), decomposition);
            for (int k = 0; k < d.length(); ) {
                int cp = d.codePointAt(k);
                if (count == changes.length) changes = Arrays.copyOf(changes, count * 2);
                changes[count++] = k == 0 ? 0 : 1;
                decomposed.appendCodePoint(cp);
                k += Character.charCount(cp);
            }
            i += n;
        }
        int[] chars = decomposed.codePoints().toArray();
        boolean[] used = new boolean[chars.length];
        for (int p = 0; p < piece.length(); ) {
            int out = piece.codePointAt(p);
            String parts = Normalizer.normalize(new String(Character.toChars(out)), decomposition);
            int change = 0;
            int members = 0;
            for (int k = 0; k < parts.length(); ) {
                int cp = parts.codePointAt(k);
                int match = -1;
                for (int q = 0; q < chars.length && match < 0; q++) {
                    if (!used[q] && chars[q] == cp) match = q;
                }
                if (match < 0) return false;
                used[match] = true;
                change += changes[match];
                members++;
                k += Character.charCount(cp);
            }
            tr.add(out, change - (members - 1));
            p += Character.charCount(out);
        }
        return true;
    }

    /** NFD and NFKD of each BMP character, filled in on first use (racy but idempotent: Strings are immutable). */
    private static final String[] NFD_BMP = new String[0x10000];
    private static final String[] NFKD_BMP = new String[0x10000];

    private static String decompositionOf(char c, Normalizer.Form form) {
        String[] cache = form == Normalizer.Form.NFD ? NFD_BMP : NFKD_BMP;
        String d = cache[c];
        if (d == null) {
            d = Normalizer.normalize(String.valueOf(c), form);
            cache[c] = d;
        }
        return d;
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
