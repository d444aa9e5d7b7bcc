package io.m3j.tokenizer.decode;

import io.m3j.tokenizer.model.ByteLevelAlphabet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Maps byte-level characters back to bytes and decodes them as UTF-8 (invalid sequences become
 * U+FFFD). A token with a character outside the byte alphabet contributes its own UTF-8 bytes.
 */
public record ByteLevelDecoder() implements Decoder {
    @Override
    public List<String> decodeChain(List<String> tokens) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String t : tokens) {
            boolean inAlphabet = true;
            for (int i = 0; i < t.length() && inAlphabet; i++) inAlphabet = ByteLevelAlphabet.charToByte(t.charAt(i)) >= 0;
            if (inAlphabet) {
                for (int i = 0; i < t.length(); i++) bytes.write(ByteLevelAlphabet.charToByte(t.charAt(i)));
            } else {
                bytes.writeBytes(t.getBytes(StandardCharsets.UTF_8));
            }
        }
        return List.of(bytes.toString(StandardCharsets.UTF_8));
    }
}
