package io.m3j.tokenizer.decode;

import java.util.ArrayList;
import java.util.List;

/**
 * Joins WordPiece tokens: continuation pieces lose {@code prefix}, other tokens after the first get
 * a leading space; {@code cleanup} removes spaces before punctuation and in English contractions.
 */
public record WordPieceDecoder(String prefix, boolean cleanup) implements Decoder {
    @Override
    public List<String> decodeChain(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (i != 0) t = t.startsWith(prefix) ? t.substring(prefix.length()) : " " + t;
            out.add(cleanup ? cleanup(t) : t);
        }
        return out;
    }

    /** The clean-up of BERT's original tokenizer (also used by Hugging Face's {@code clean_up_tokenization}). */
    static String cleanup(String s) {
        return s.replace(" .", ".").replace(" ?", "?").replace(" !", "!").replace(" ,", ",")
                .replace(" ' ", "'").replace(" n't", "n't").replace(" 'm", "'m").replace(" do not", " don't")
                .replace(" 's", "'s").replace(" 've", "'ve").replace(" 're", "'re");
    }
}
