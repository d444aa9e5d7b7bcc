package io.m3j.tokenizer.pretokenize;

import io.m3j.tokenizer.text.NormalizedString;
import io.m3j.tokenizer.text.UnicodeProps;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ranges of a piece's text that a pattern matched, in order and non-overlapping, and how to cut
 * the piece by them. Scratch object of one call.
 */
final class Matches {
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private int count;

    void add(int start, int end) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
        }
        starts[count] = start;
        ends[count] = end;
        count++;
    }

    /** Every code point for which {@code p} holds is one match. */
    static Matches ofChars(String text, IntPredicate p) {
        Matches m = new Matches();
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int n = Character.charCount(cp);
            if (p.test(cp)) m.add(i, i + n);
            i += n;
        }
        return m;
    }

    static Matches ofWhitespace(String text) {
        return ofChars(text, UnicodeProps::isWhitespace);
    }

    static Matches ofRegex(String text, Pattern pattern) {
        Matches m = new Matches();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) m.add(matcher.start(), matcher.end());
        return m;
    }

    static Matches ofLiteral(String text, String literal) {
        Matches m = new Matches();
        if (literal.isEmpty()) return m;
        int at = text.indexOf(literal);
        while (at >= 0) {
            m.add(at, at + literal.length());
            at = text.indexOf(literal, at + literal.length());
        }
        return m;
    }

    /**
     * Cuts {@code piece} by these matches with {@code behavior} (matches are the delimiters, or with
     * {@code invert} the non-matching ranges are), appending non-empty slices to {@code out}.
     */
    void split(NormalizedString piece, SplitBehavior behavior, boolean invert, List<NormalizedString> out) {
        int len = piece.length();
        if (len == 0) return;
        // Segments covering the text: (start, end, isDelimiter).
        int cap = count * 2 + 1;
        int[] segStart = new int[cap];
        int[] segEnd = new int[cap];
        boolean[] segMatch = new boolean[cap];
        int n = 0;
        int prev = 0;
        for (int i = 0; i < count; i++) {
            if (prev != starts[i]) {
                segStart[n] = prev;
                segEnd[n] = starts[i];
                segMatch[n++] = invert;
            }
            segStart[n] = starts[i];
            segEnd[n] = ends[i];
            segMatch[n++] = !invert;
            prev = ends[i];
        }
        if (prev != len) {
            segStart[n] = prev;
            segEnd[n] = len;
            segMatch[n++] = invert;
        }
        switch (behavior) {
            case REMOVED -> {
                for (int i = 0; i < n; i++) if (!segMatch[i]) emit(piece, segStart[i], segEnd[i], out);
            }
            case ISOLATED -> {
                for (int i = 0; i < n; i++) emit(piece, segStart[i], segEnd[i], out);
            }
            case MERGED_WITH_PREVIOUS -> {
                // A delimiter joins the piece before it, unless that piece is itself a delimiter.
                int curStart = -1;
                int curEnd = -1;
                boolean previousMatch = false;
                for (int i = 0; i < n; i++) {
                    if (segMatch[i] && !previousMatch && curStart >= 0) {
                        curEnd = segEnd[i];
                    } else {
                        if (curStart >= 0) emit(piece, curStart, curEnd, out);
                        curStart = segStart[i];
                        curEnd = segEnd[i];
                    }
                    previousMatch = segMatch[i];
                }
                if (curStart >= 0) emit(piece, curStart, curEnd, out);
            }
            case MERGED_WITH_NEXT -> {
                // Mirror image of MERGED_WITH_PREVIOUS: walk backwards, then emit in order.
                int[] accStart = new int[n];
                int[] accEnd = new int[n];
                int k = 0;
                boolean nextMatch = false;
                for (int i = n - 1; i >= 0; i--) {
                    if (segMatch[i] && !nextMatch && k > 0) {
                        accStart[k - 1] = segStart[i];
                    } else {
                        accStart[k] = segStart[i];
                        accEnd[k++] = segEnd[i];
                    }
                    nextMatch = segMatch[i];
                }
                for (int i = k - 1; i >= 0; i--) emit(piece, accStart[i], accEnd[i], out);
            }
            case CONTIGUOUS -> {
                int curStart = -1;
                int curEnd = -1;
                boolean previousMatch = false;
                for (int i = 0; i < n; i++) {
                    if (segMatch[i] == previousMatch && curStart >= 0) {
                        curEnd = segEnd[i];
                    } else {
                        if (curStart >= 0) emit(piece, curStart, curEnd, out);
                        curStart = segStart[i];
                        curEnd = segEnd[i];
                    }
                    previousMatch = segMatch[i];
                }
                if (curStart >= 0) emit(piece, curStart, curEnd, out);
            }
        }
    }

    private static void emit(NormalizedString piece, int from, int to, List<NormalizedString> out) {
        if (from < to) out.add(from == 0 && to == piece.length() ? piece : piece.slice(from, to));
    }
}
