package io.m3j.distill;

import org.junit.jupiter.api.Test;

import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptionsParsingTest {

    @Test
    void pcaDims() {
        assertEquals(new PcaDims.Count(256), PcaDims.parse("256"));
        assertEquals(new PcaDims.Auto(), PcaDims.parse("auto"));
        assertEquals(new PcaDims.None(), PcaDims.parse("none"));
        assertEquals(new PcaDims.Fraction(0.9), PcaDims.parse("0.9"));
        assertEquals(256, PcaDims.parse("256").configValue());
        assertEquals("auto", PcaDims.parse("auto").configValue());
        assertEquals(null, PcaDims.parse("none").configValue());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PcaDims.parse("lots"));
        assertTrue(e.getMessage().contains("lots"));
        assertThrows(IllegalArgumentException.class, () -> PcaDims.parse("1.5"));
        assertThrows(IllegalArgumentException.class, () -> PcaDims.parse("0"));
    }

    @Test
    void otherOptions() {
        assertEquals(Quantization.INT8, Quantization.parse("int8"));
        assertEquals(TokenPooling.LAST, TokenPooling.parse("last"));
        assertEquals(OptionalDouble.empty(), DistillOptions.parseSifCoefficient("none"));
        assertEquals(OptionalDouble.of(1e-3), DistillOptions.parseSifCoefficient("1e-3"));
        assertThrows(IllegalArgumentException.class, () -> Quantization.parse("bf16"));
        assertThrows(IllegalArgumentException.class, () -> TokenPooling.parse("max"));
        assertThrows(IllegalArgumentException.class, () -> DistillOptions.defaults(null, null).withSifCoefficient(OptionalDouble.of(2)));
    }
}
