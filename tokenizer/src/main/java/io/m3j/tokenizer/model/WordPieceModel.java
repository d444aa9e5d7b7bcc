package io.m3j.tokenizer.model;

import io.m3j.tokenizer.Token;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * BERT's WordPiece with Hugging Face semantics: greedy longest-match-first over code points; pieces
 * after the first carry {@code continuingSubwordPrefix} ("##"); a word longer than
 * {@code maxInputCharsPerWord} code points, or one that cannot be covered by vocabulary pieces,
 * becomes the single {@code unkToken}.
 */
public final class WordPieceModel implements TokenizerModel {
    private final Map<String, Integer> vocab;
    private final String[] idToToken;
    private final String unkToken;
    private final int unkId;
    private final String prefix;
    private final int maxInputCharsPerWord;

    /**
     * @param tokens vocabulary by id (index = id); null entries are allowed for ids the vocabulary skips
     * @throws IllegalArgumentException if {@code unkToken} is not in the vocabulary
     */
    public WordPieceModel(String[] tokens, String unkToken, String continuingSubwordPrefix, int maxInputCharsPerWord) {
        this.idToToken = tokens.clone();
        this.vocab = new HashMap<>(tokens.length * 2);
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] != null) vocab.putIfAbsent(tokens[i], i);
        }
        this.unkToken = unkToken;
        Integer unk = vocab.get(unkToken);
        if (unk == null) throw new IllegalArgumentException("WordPiece unk_token '" + unkToken + "' is not in the vocabulary");
        this.unkId = unk;
        this.prefix = continuingSubwordPrefix;
        this.maxInputCharsPerWord = maxInputCharsPerWord;
    }

    /** From a token-to-id map (tokenizer.json's {@code vocab}); ids must be unique. */
    public static WordPieceModel of(Map<String, Integer> vocab, String unkToken, String continuingSubwordPrefix,
                                    int maxInputCharsPerWord) {
        int max = -1;
        for (int id : vocab.values()) max = Math.max(max, id);
        String[] tokens = new String[max + 1];
        for (Map.Entry<String, Integer> e : vocab.entrySet()) {
            if (e.getValue() < 0) throw new IllegalArgumentException("negative id " + e.getValue() + " for '" + e.getKey() + "'");
            if (tokens[e.getValue()] != null) {
                throw new IllegalArgumentException("id " + e.getValue() + " used by both '" + tokens[e.getValue()] + "' and '" + e.getKey() + "'");
            }
            tokens[e.getValue()] = e.getKey();
        }
        return new WordPieceModel(tokens, unkToken, continuingSubwordPrefix, maxInputCharsPerWord);
    }

    @Override
    public void tokenize(String word, List<Token> out) {
        int len = word.length();
        if (len == 0) return;
        if (word.codePointCount(0, len) > maxInputCharsPerWord) {
            out.add(new Token(unkId, unkToken, 0, len));
            return;
        }
        int mark = out.size();
        int start = 0;
        StringBuilder candidate = new StringBuilder(prefix.length() + len);
        while (start < len) {
            int end = len;
            Integer id = null;
            String piece = null;
            while (start < end) {
                candidate.setLength(0);
                if (start > 0) candidate.append(prefix);
                candidate.append(word, start, end);
                piece = candidate.toString();
                id = vocab.get(piece);
                if (id != null) break;
                end -= Character.charCount(word.codePointBefore(end));
            }
            if (id == null) {
                // HF drops the pieces found so far: the whole word is unknown.
                out.subList(mark, out.size()).clear();
                out.add(new Token(unkId, unkToken, 0, len));
                return;
            }
            out.add(new Token(id, piece, start, end));
            start = end;
        }
    }

    @Override
    public int tokenToId(String token) {
        Integer id = vocab.get(token);
        return id == null ? -1 : id;
    }

    @Override
    public String idToToken(int id) {
        return id >= 0 && id < idToToken.length ? idToToken[id] : null;
    }

    @Override
    public int vocabSize() {
        return idToToken.length; // ids may have gaps: the id space ends after the largest id
    }

    public String unkToken() {
        return unkToken;
    }

    public String continuingSubwordPrefix() {
        return prefix;
    }
}
