package io.m3j.tokenizer.decode;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns {@code replacement} (▁) back into spaces. Like Hugging Face, unless the prepend scheme is
 * "never", replacement characters in the FIRST token are dropped instead.
 */
public record MetaspaceDecoder(char replacement, boolean dropInFirstToken) implements Decoder {
    @Override
    public List<String> decodeChain(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            StringBuilder sb = new StringBuilder(t.length());
            for (int k = 0; k < t.length(); k++) {
                char c = t.charAt(k);
                if (c != replacement) sb.append(c);
                else if (!(i == 0 && dropInFirstToken)) sb.append(' ');
            }
            out.add(sb.toString());
        }
        return out;
    }
}
