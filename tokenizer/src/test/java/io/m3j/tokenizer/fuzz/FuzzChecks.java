package io.m3j.tokenizer.fuzz;

import io.m3j.tokenizer.Encoding;
import io.m3j.tokenizer.Tokenizer;

/** Invariants every encoding must satisfy, whatever the input. */
final class FuzzChecks {
    private FuzzChecks() {
    }

    static void checkEncoding(Tokenizer tokenizer, String text, Encoding e) {
        int vocab = tokenizer.vocabSize();
        for (int i = 0; i < e.length(); i++) {
            int id = e.ids()[i];
            if (id < 0 || id >= vocab) throw new AssertionError("id " + id + " outside the vocabulary of " + vocab);
            int start = e.starts()[i];
            int end = e.ends()[i];
            if (start < 0 || start > end || end > text.length()) {
                throw new AssertionError("offsets [" + start + ", " + end + ") outside a text of " + text.length());
            }
            if (e.tokens()[i] == null) throw new AssertionError("null token at " + i);
        }
        tokenizer.decode(e.ids(), true);
        tokenizer.decode(e.ids(), false);
    }
}
