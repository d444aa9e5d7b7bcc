package io.m3j.tokenizer.postprocess;

import java.util.List;

/**
 * Several post-processors in a row, as Hugging Face chains them: each one transforms the list of
 * encodings the previous one returned (see {@link PostProcessor#processEncodings}).
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
    public List<TokenBuffer> processEncodings(List<TokenBuffer> encodings, boolean addSpecialTokens) {
        for (PostProcessor p : processors) encodings = p.processEncodings(encodings, addSpecialTokens);
        return encodings;
    }
}
