package io.m3j.tokenizer.model;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ByteLevelAlphabetTest {

    @Test
    void isABijectionOverAllBytes() {
        Set<Character> seen = new HashSet<>();
        for (int b = 0; b < 256; b++) {
            char c = ByteLevelAlphabet.byteToChar(b);
            seen.add(c);
            assertEquals(b, ByteLevelAlphabet.charToByte(c));
        }
        assertEquals(256, seen.size());
        assertEquals(-1, ByteLevelAlphabet.charToByte('\u0144')); // first char after the 68 remapped ones
        assertEquals(-1, ByteLevelAlphabet.charToByte(' '));
        assertEquals(-1, ByteLevelAlphabet.charToByte('\u4e00'));
    }

    @Test
    void matchesWellKnownGpt2Characters() {
        // Values every GPT-2 vocabulary shows: space is 'Ġ', newline 'Ċ', tab 'ĉ', NUL 'Ā', 0xAD 'Ń'.
        assertEquals('\u0120', ByteLevelAlphabet.byteToChar(' '));
        assertEquals('\u010A', ByteLevelAlphabet.byteToChar('\n'));
        assertEquals('\u0109', ByteLevelAlphabet.byteToChar('\t'));
        assertEquals('\u0100', ByteLevelAlphabet.byteToChar(0));
        assertEquals('\u0143', ByteLevelAlphabet.byteToChar(0xAD));
        assertEquals('A', ByteLevelAlphabet.byteToChar('A'));
        assertEquals('\u00e9', ByteLevelAlphabet.byteToChar(0xE9));
        assertEquals("Ġhello", ByteLevelAlphabet.encode(" hello".getBytes(StandardCharsets.UTF_8)));
        assertEquals("Ã©", ByteLevelAlphabet.encode("é".getBytes(StandardCharsets.UTF_8)));
    }
}
