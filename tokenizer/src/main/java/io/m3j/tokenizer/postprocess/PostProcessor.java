package io.m3j.tokenizer.postprocess;

import java.util.ArrayList;
import java.util.List;

/**
 * Adds the special tokens around encoded sequences and sets their type ids (Hugging Face
 * "post-processor"). Implementations are immutable.
 *
 * <p>As in Hugging Face, a post-processor works on a list of encodings ({@link #processEncodings}):
 * the first text and the optional second one on entry, and whatever pieces the processor makes of
 * them on exit (a template, for example, returns one encoding per template element), so that
 * processors can be chained ({@link SequenceProcessing}); the final list is concatenated.
 */
public interface PostProcessor {

    /** How many tokens {@link #process} adds when {@code addSpecialTokens} is true. */
    int addedTokens(boolean pair);

    /**
     * Hugging Face's {@code process_encodings}: transforms the list of encodings (which may be
     * modified in place) and returns the new list.
     */
    List<TokenBuffer> processEncodings(List<TokenBuffer> encodings, boolean addSpecialTokens);

    /**
     * Combines the first sequence {@code a} and the optional second one {@code b} (null for a single
     * text) into the final token list. {@code a} and {@code b} may be modified.
     */
    default TokenBuffer process(TokenBuffer a, TokenBuffer b, boolean addSpecialTokens) {
        List<TokenBuffer> encodings = new ArrayList<>(2);
        encodings.add(a);
        if (b != null) encodings.add(b);
        return concat(processEncodings(encodings, addSpecialTokens));
    }

    /** What Hugging Face does without a post-processor: the sequences one after the other. */
    static TokenBuffer concat(TokenBuffer a, TokenBuffer b) {
        if (b == null) return a;
        TokenBuffer out = new TokenBuffer(a.size() + b.size());
        out.addAll(a);
        out.addAll(b);
        return out;
    }

    /** All encodings one after the other. */
    static TokenBuffer concat(List<TokenBuffer> encodings) {
        if (encodings.size() == 1) return encodings.getFirst();
        int n = 0;
        for (TokenBuffer e : encodings) n += e.size();
        TokenBuffer out = new TokenBuffer(n);
        for (TokenBuffer e : encodings) out.addAll(e);
        return out;
    }
}
