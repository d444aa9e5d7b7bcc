package io.m3j.distill.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CorrelationTest {

    @Test
    void spearmanWithTiesMatchesScipyDocumentation() {
        // scipy.stats.spearmanr([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]) -> 0.8207826816681233
        assertEquals(0.8207826816681233, Correlation.spearman(new double[]{1, 2, 3, 4, 5}, new double[]{5, 6, 7, 8, 7}), 1e-12);
        assertArrayEquals(new double[]{1, 2, 3.5, 5, 3.5}, Correlation.ranks(new double[]{5, 6, 7, 8, 7}));
    }

    @Test
    void pearsonOfLinearAndConstantData() {
        assertEquals(1.0, Correlation.pearson(new double[]{1, 2, 3}, new double[]{2, 4, 6}), 1e-15);
        assertEquals(-1.0, Correlation.pearson(new double[]{1, 2, 3}, new double[]{3, 2, 1}), 1e-15);
        // numpy.corrcoef([1, 2, 3, 4], [1, 3, 2, 4])[0, 1] = 0.8
        assertEquals(0.8, Correlation.pearson(new double[]{1, 2, 3, 4}, new double[]{1, 3, 2, 4}), 1e-12);
        assertTrue(Double.isNaN(Correlation.pearson(new double[]{1, 1, 1}, new double[]{1, 2, 3})));
    }

    @Test
    void negativeMseIsMinus100TimesTheMeanSquaredDifference() {
        var t = java.util.List.of(new float[]{1, 0}, new float[]{0, 1});
        var s = java.util.List.of(new float[]{0.8f, 0.6f}, new float[]{0, 1});
        DistillationMetrics.Metrics m = DistillationMetrics.score(t, s, t, s);
        // ((0.2)^2 + (0.6)^2 + 0 + 0) / 4 = 0.1
        assertEquals(-10.0, m.negativeMse(), 1e-5);
        assertEquals(1, m.pairs());
        assertTrue(Double.isNaN(m.pearsonCosine()));
        assertTrue(m.toJson().contains("\"pearson_cosine\" : null"));
    }
}
