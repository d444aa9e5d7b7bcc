package io.m3j.tokenizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Text to token ids. Implementations are immutable and thread-safe.
 *
 * <p>{@code maxLength <= 0} means no truncation. When truncating, the special tokens added by
 * post-processing count toward {@code maxLength} (as in Hugging Face tokenizers); a
 * {@code maxLength} too small to hold them is an {@link IllegalArgumentException}.
 */
public interface Tokenizer {

    Encoding encode(String text, boolean addSpecialTokens, int maxLength);

    Encoding encodePair(String first, String second, boolean addSpecialTokens, int maxLength);

    /** Encodes with special tokens and without truncation. */
    default Encoding encode(String text) {
        return encode(text, true, 0);
    }

    /**
     * Encodes every text and pads the results on the right to the longest one with {@link #padId()}.
     */
    default List<Encoding> encodeBatch(List<String> texts, boolean addSpecialTokens, int maxLength) {
        List<Encoding> out = new ArrayList<>(texts.size());
        int longest = 0;
        for (String text : texts) {
            Encoding e = encode(text, addSpecialTokens, maxLength);
            longest = Math.max(longest, e.length());
            out.add(e);
        }
        int padId = padId();
        String padToken = padId >= 0 ? idToToken(padId) : null;
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).length() < longest) {
                if (padId < 0) throw new IllegalStateException("This tokenizer has no padding token");
                out.set(i, out.get(i).padTo(longest, padId, padToken));
            }
        }
        return out;
    }

    /** Turns ids back into text; {@code skipSpecialTokens} drops control/special tokens. */
    String decode(int[] ids, boolean skipSpecialTokens);

    /** One more than the largest id this tokenizer can produce, added tokens included. */
    int vocabSize();

    /** The id of {@code token}, or -1 if it is not in the vocabulary. */
    int tokenToId(String token);

    /** The token string of {@code id}, or null if out of range. */
    String idToToken(int id);

    /** The id used for padding, or -1 if the tokenizer has none. */
    int padId();

    /**
     * Loads a tokenizer from a {@code tokenizer.json}, a SentencePiece {@code .model}, a
     * {@code vocab.txt} or a model folder (tokenizer.json, else sentencepiece.bpe.model, else
     * vocab.txt).
     */
    static Tokenizer load(Path path) {
        return TokenizerLoader.load(path);
    }
}
