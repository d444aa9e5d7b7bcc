package io.m3j.tokenizer.json;

import io.m3j.tokenizer.normalize.Normalizer;
import io.m3j.tokenizer.text.NormalizedString;
import io.m3j.tokenizer.text.UnicodeProps;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds added tokens in text as Hugging Face's AddedVocabulary does: tokens with
 * {@code normalized=false} in the raw text, the others (in their normalized form) in the normalized
 * text; at each position the leftmost, then longest, match wins; {@code single_word},
 * {@code lstrip} and {@code rstrip} are honoured.
 */
final class AddedVocabulary {

    /** A piece of text: either an added token ({@code token != null}) or text for the model. */
    record Segment(NormalizedString text, AddedToken token) {
    }

    private final Trie rawTrie;
    private final Trie normalizedTrie;

    AddedVocabulary(List<AddedToken> tokens, Normalizer normalizer) {
        // Special tokens first, then the others, each in file order: the order ties are broken in.
        List<AddedToken> ordered = new ArrayList<>();
        for (AddedToken t : tokens) if (t.special()) ordered.add(t);
        for (AddedToken t : tokens) if (!t.special()) ordered.add(t);
        Trie.Builder raw = new Trie.Builder();
        Trie.Builder norm = new Trie.Builder();
        for (AddedToken t : ordered) {
            if (t.content().isEmpty()) continue;
            if (t.normalized()) {
                String pattern = normalizer == null ? t.content() : normalizer.normalize(t.content());
                if (!pattern.isEmpty()) norm.add(pattern, t);
            } else {
                raw.add(t.content(), t);
            }
        }
        rawTrie = raw.build();
        normalizedTrie = norm.build();
    }

    /** Splits raw (not yet normalized) text on the tokens with {@code normalized=false}. */
    void splitRaw(NormalizedString text, List<Segment> out) {
        split(text, rawTrie, out);
    }

    /** Splits normalized text on the tokens with {@code normalized=true}. */
    void splitNormalized(NormalizedString text, List<Segment> out) {
        split(text, normalizedTrie, out);
    }

    private static void split(NormalizedString piece, Trie trie, List<Segment> out) {
        String s = piece.text();
        if (trie.isEmpty() || s.isEmpty()) {
            if (!s.isEmpty()) out.add(new Segment(piece, null));
            return;
        }
        int startOffset = 0;
        int pos = 0;
        int n = s.length();
        while (pos < n) {
            int matchStart = -1;
            int matchEnd = -1;
            AddedToken token = null;
            for (int i = pos; i < n; i++) {
                long m = trie.longestAt(s, i);
                if (m >= 0) {
                    matchStart = i;
                    matchEnd = (int) (m >>> 32);
                    token = trie.token((int) m);
                    break;
                }
            }
            if (token == null) break;
            pos = matchEnd;
            int start = matchStart;
            int stop = matchEnd;
            if (token.singleWord()) {
                boolean startOk = start == 0 || !UnicodeProps.isWordChar(s.codePointBefore(start));
                boolean stopOk = stop == n || !UnicodeProps.isWordChar(s.codePointAt(stop));
                if (!startOk || !stopOk) continue;
            }
            if (token.lstrip()) {
                int newStart = start;
                while (newStart > 0 && UnicodeProps.isWhitespace(s.codePointBefore(newStart))) {
                    newStart -= Character.charCount(s.codePointBefore(newStart));
                }
                start = Math.max(newStart, startOffset);
            }
            if (token.rstrip()) {
                while (stop < n && UnicodeProps.isWhitespace(s.codePointAt(stop))) stop += Character.charCount(s.codePointAt(stop));
            }
            start = Math.max(start, startOffset);
            if (startOffset < start) out.add(new Segment(piece.slice(startOffset, start), null));
            out.add(new Segment(piece.slice(start, stop), token));
            startOffset = stop;
        }
        if (startOffset < n) out.add(new Segment(startOffset == 0 ? piece : piece.slice(startOffset, n), null));
    }

    /** A char trie over the token patterns; immutable once built. */
    private static final class Trie {
        private final char[][] keys;
        private final int[][] children;
        private final int[] tokenIndex;
        private final AddedToken[] tokens;

        private Trie(char[][] keys, int[][] children, int[] tokenIndex, AddedToken[] tokens) {
            this.keys = keys;
            this.children = children;
            this.tokenIndex = tokenIndex;
            this.tokens = tokens;
        }

        boolean isEmpty() {
            return tokens.length == 0;
        }

        AddedToken token(int index) {
            return tokens[index];
        }

        /** The longest pattern starting at {@code from}: {@code (end << 32) | tokenIndex}, or -1. */
        long longestAt(String s, int from) {
            int node = 0;
            long best = -1;
            for (int i = from; i < s.length(); i++) {
                int k = Arrays.binarySearch(keys[node], s.charAt(i));
                if (k < 0) break;
                node = children[node][k];
                if (tokenIndex[node] >= 0) best = ((long) (i + 1) << 32) | tokenIndex[node];
            }
            return best;
        }

        static final class Builder {
            private final List<TreeMap<Character, Integer>> nodes = new ArrayList<>();
            private final List<Integer> match = new ArrayList<>();
            private final List<AddedToken> tokens = new ArrayList<>();

            Builder() {
                nodes.add(new TreeMap<>());
                match.add(-1);
            }

            void add(String pattern, AddedToken token) {
                int node = 0;
                for (int i = 0; i < pattern.length(); i++) {
                    Integer next = nodes.get(node).get(pattern.charAt(i));
                    if (next == null) {
                        next = nodes.size();
                        nodes.add(new TreeMap<>());
                        match.add(-1);
                        nodes.get(node).put(pattern.charAt(i), next);
                    }
                    node = next;
                }
                if (match.get(node) < 0) { // the first token with a given pattern wins
                    match.set(node, tokens.size());
                    tokens.add(token);
                }
            }

            Trie build() {
                int n = nodes.size();
                char[][] keys = new char[n][];
                int[][] children = new int[n][];
                int[] tokenIndex = new int[n];
                for (int i = 0; i < n; i++) {
                    TreeMap<Character, Integer> m = nodes.get(i);
                    keys[i] = new char[m.size()];
                    children[i] = new int[m.size()];
                    int k = 0;
                    for (Map.Entry<Character, Integer> e : m.entrySet()) {
                        keys[i][k] = e.getKey();
                        children[i][k++] = e.getValue();
                    }
                    tokenIndex[i] = match.get(i);
                }
                return new Trie(keys, children, tokenIndex, tokens.toArray(new AddedToken[0]));
            }
        }
    }
}
