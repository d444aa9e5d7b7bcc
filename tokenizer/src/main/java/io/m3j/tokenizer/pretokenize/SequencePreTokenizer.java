package io.m3j.tokenizer.pretokenize;

import io.m3j.tokenizer.text.NormalizedString;

import java.util.ArrayList;
import java.util.List;

/** Applies pre-tokenizers one after the other, each to every piece the previous one produced. */
public record SequencePreTokenizer(List<PreTokenizer> preTokenizers) implements PreTokenizer {
    public SequencePreTokenizer {
        preTokenizers = List.copyOf(preTokenizers);
    }

    @Override
    public void preTokenize(NormalizedString piece, List<NormalizedString> out) {
        List<NormalizedString> current = new ArrayList<>();
        current.add(piece);
        for (PreTokenizer p : preTokenizers) {
            List<NormalizedString> next = new ArrayList<>(current.size() * 2);
            for (NormalizedString s : current) p.preTokenize(s, next);
            current = next;
        }
        out.addAll(current);
    }
}
