package io.m3j.distill.metrics;

import java.util.Arrays;

/** Pearson and Spearman correlation (Spearman with average ranks for ties, as scipy's spearmanr). */
public final class Correlation {
    private Correlation() {
    }

    /** Pearson's r; NaN when either side is constant. */
    public static double pearson(double[] x, double[] y) {
        if (x.length != y.length) throw new IllegalArgumentException("lengths differ: " + x.length + " vs " + y.length);
        int n = x.length;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx, dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (sxx == 0 || syy == 0) return Double.NaN;
        return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
    }

    /** Spearman's rho: Pearson's r of the ranks. */
    public static double spearman(double[] x, double[] y) {
        return pearson(ranks(x), ranks(y));
    }

    /** 1-based ranks, ties sharing their average rank. */
    static double[] ranks(double[] v) {
        int n = v.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
        double[] r = new double[n];
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && v[order[j + 1]] == v[order[i]]) j++;
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) r[order[k]] = rank;
            i = j + 1;
        }
        return r;
    }
}
