package io.m3j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PeakFlopsBenchTest {

    /** The chains' start values, as PeakFlopsBench.fmaChains sets them. */
    private static final float[] STARTS = {0.0f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f, 1.1f, 1.2f};

    /** Few steps, before the chains converge, so that one skipped step or chain changes the sum. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 5})
    void everyChainDoesEveryStep(int steps) {
        float scale = 0.5f;
        float offset = 0.25f;
        double expected = 0;
        for (float start : STARTS) {
            float acc = start;
            for (int i = 0; i < steps; i++) {
                acc = Math.fma(acc, scale, offset);
            }
            expected += (double) acc * PeakFlopsBench.SPECIES.length();
        }
        assertEquals(PeakFlopsBench.CHAINS, STARTS.length);
        assertEquals(expected, PeakFlopsBench.fmaChains(steps, scale, offset), 1e-4);
    }
}
