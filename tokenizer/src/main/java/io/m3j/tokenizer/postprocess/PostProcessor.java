package io.m3j.tokenizer.postprocess;

/**
 * Adds the special tokens around encoded sequences and sets their type ids (Hugging Face
 * "post-processor"). Implementations are immutable.
 */
public interface PostProcessor {

    /** How many tokens {@link #process} adds when {@code addSpecialTokens} is true. */
    int addedTokens(boolean pair);

    /**
     * Combines the first sequence {@code a} and the optional second one {@code b} (null for a single
     * text) into the final token list. {@code a} and {@code b} may be modified.
     */
    TokenBuffer process(TokenBuffer a, TokenBuffer b, boolean addSpecialTokens);

    /** What Hugging Face does without a post-processor: the sequences one after the other. */
    static TokenBuffer concat(TokenBuffer a, TokenBuffer b) {
        if (b == null) return a;
        TokenBuffer out = new TokenBuffer(a.size() + b.size());
        out.addAll(a);
        out.addAll(b);
        return out;
    }
}
