package io.m3j.distill;

/**
 * Smooth inverse frequency weights with frequencies estimated by Zipf's law from the token rank
 * (the token id order): {@code w_i = a / (a + p_i)} with {@code p_i = (1 / (i + 2)) / sum_j 1 / (j + 2)}.
 * Frequent (low-id) tokens get small weights.
 */
public final class SifWeights {
    /** model2vec's default SIF coefficient. */
    public static final double DEFAULT_COEFFICIENT = 1e-4;

    private SifWeights() {
    }

    public static double[] of(int tokens, double coefficient) {
        if (!(coefficient > 0 && coefficient < 1)) {
            throw new IllegalArgumentException("SIF coefficient must be in (0, 1), got " + coefficient);
        }
        double total = 0;
        for (int i = 0; i < tokens; i++) total += 1.0 / (i + 2);
        double[] w = new double[tokens];
        for (int i = 0; i < tokens; i++) {
            double p = (1.0 / (i + 2)) / total;
            w[i] = coefficient / (coefficient + p);
        }
        return w;
    }
}
