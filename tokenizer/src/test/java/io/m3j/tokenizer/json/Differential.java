package io.m3j.tokenizer.json;

import io.m3j.tokenizer.Encoding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Compares {@link JsonTokenizer} with {@link HfOracle} line by line and counts exact matches of
 * ids, tokens and offsets. Offsets from DJL are in code points; ours are converted for comparison.
 */
final class Differential {
    int lines;
    int idMatches;
    int tokenMatches;
    int offsetMatches;
    final List<String> failures = new ArrayList<>();
    final List<String> offsetFailures = new ArrayList<>();

    static byte[] resource(String name) {
        try (InputStream in = Differential.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing test resource " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces unpaired surrogates with U+FFFD: HF only sees valid Unicode. */
    static String sanitize(String s) {
        if (!HfOracle.hasLoneSurrogate(s)) return s;
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                sb.append('\uFFFD');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    void compare(String label, String text, Encoding ours, HfOracle.Result hf, boolean checkOffsets) {
        lines++;
        boolean ids = Arrays.equals(ours.ids(), hf.ids());
        boolean tokens = Arrays.equals(ours.tokens(), hf.tokens());
        boolean offsets = true;
        if (checkOffsets && ids) {
            int[] cp = codePointIndex(text);
            for (int i = 0; i < ours.length() && offsets; i++) {
                offsets = cp[ours.starts()[i]] == hf.starts()[i] && cp[ours.ends()[i]] == hf.ends()[i];
            }
        }
        if (ids && tokens && !offsets && offsetFailures.size() < 5) {
            int[] cp = codePointIndex(text);
            StringBuilder sb = new StringBuilder(label + " " + escape(text) + "\n  token: ours (code points) / hf");
            for (int i = 0; i < ours.length(); i++) {
                int s = cp[ours.starts()[i]];
                int e = cp[ours.ends()[i]];
                if (s != hf.starts()[i] || e != hf.ends()[i]) {
                    sb.append("\n    ").append(ours.tokens()[i]).append(' ').append(s).append('-').append(e)
                            .append(" / ").append(hf.starts()[i]).append('-').append(hf.ends()[i]);
                }
            }
            offsetFailures.add(sb.toString());
        }
        if (ids) idMatches++;
        if (tokens) tokenMatches++;
        if (ids && offsets) offsetMatches++;
        if ((!ids || !tokens) && failures.size() < 10) {
            failures.add(label + " " + escape(text) + "\n  ours ids " + Arrays.toString(ours.ids()) + " tokens "
                    + Arrays.toString(ours.tokens()) + " starts " + Arrays.toString(ours.starts()) + " ends "
                    + Arrays.toString(ours.ends()) + "\n  hf   ids " + Arrays.toString(hf.ids()) + " tokens "
                    + Arrays.toString(hf.tokens()) + " starts " + Arrays.toString(hf.starts()) + " ends "
                    + Arrays.toString(hf.ends()));
        }
    }

    private static int[] codePointIndex(String s) {
        int[] idx = new int[s.length() + 1];
        int cp = 0;
        for (int i = 0; i < s.length(); i++) {
            idx[i] = cp;
            if (!(Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)))) cp++;
        }
        idx[s.length()] = cp;
        return idx;
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().forEach(c -> {
            if (c < 0x20 || (c >= 0x7f && c < 0xa0) || Character.getType(c) == Character.FORMAT
                    || Character.getType(c) == Character.UNASSIGNED || Character.isWhitespace(c) && c != ' ') {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.append('"').toString();
    }

    String summary(String label) {
        return label + ": " + lines + " lines, ids equal " + idMatches + ", tokens equal " + tokenMatches
                + ", ids+offsets equal " + offsetMatches + (failures.isEmpty() ? "" : "\nfirst failures:\n" + String.join("\n", failures))
                + (offsetFailures.isEmpty() ? "" : "\nfirst offset differences:\n" + String.join("\n", offsetFailures));
    }
}
