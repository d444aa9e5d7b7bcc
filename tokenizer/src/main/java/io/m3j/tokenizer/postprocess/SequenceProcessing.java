package io.m3j.tokenizer.postprocess;

import java.util.List;

/**
 * Several post-processors in a row. Like Hugging Face, every processor but the last sees the
 * sequences separately; only the last one combines them.
 */
public record SequenceProcessing(List<PostProcessor> processors) implements PostProcessor {
    public SequenceProcessing {
        processors = List.copyOf(processors);
    }

    @Override
    public int addedTokens(boolean pair) {
        int n = 0;
        for (PostProcessor p : processors) n += p.addedTokens(pair);
        return n;
    }

    @Override
    public TokenBuffer process(TokenBuffer a, TokenBuffer b, boolean addSpecialTokens) {
        if (processors.isEmpty()) return PostProcessor.concat(a, b);
        for (int i = 0; i < processors.size() - 1; i++) {
            PostProcessor p = processors.get(i);
            a = p.process(a, null, addSpecialTokens);
            if (b != null) b = p.process(b, null, addSpecialTokens);
        }
        return processors.getLast().process(a, b, addSpecialTokens);
    }
}
