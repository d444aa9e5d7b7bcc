package io.m3j.engine.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GeluTest {
    @Test
    void erfMatchesTabulatedValues() {
        // values from standard erf tables (Abramowitz & Stegun 7.1 / DLMF)
        double[][] table = {
                {0.0, 0.0}, {0.1, 0.1124629160182849}, {0.5, 0.5204998778130465}, {1.0, 0.8427007929497149},
                {1.5, 0.9661051464753108}, {2.0, 0.9953222650189527}, {2.5, 0.9995930479825550},
                {3.0, 0.9999779095030014}, {4.0, 0.9999999845827421}, {-1.0, -0.8427007929497149}};
        for (double[] row : table) assertEquals(row[1], Gelu.erf(row[0]), 1e-12, "erf(" + row[0] + ")");
        // no jump where the series hands over to the continued fraction
        assertEquals(Gelu.erf(Math.nextDown(2.5)), Gelu.erf(2.5), 1e-12);
        assertEquals(1.0, Gelu.erf(10.0));
    }

    @Test
    void geluForms() {
        assertEquals(0.8413447460685429, Gelu.exact(1f), 1e-7);       // Phi(1)
        assertEquals(-0.15865525393145707, Gelu.exact(-1f), 1e-7);
        assertEquals(0f, Gelu.exact(0f));
        assertEquals(0.8411919906082768, Gelu.tanh(1f), 1e-7);         // 0.5 (1 + tanh(sqrt(2/pi) (1 + 0.044715)))
    }
}
