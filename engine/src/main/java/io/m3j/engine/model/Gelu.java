package io.m3j.engine.model;

/**
 * GELU in its exact form {@code x * Phi(x) = 0.5 x (1 + erf(x / sqrt 2))} and its tanh
 * approximation. Java has no erf, so it is computed here in double precision (error below 1e-11):
 * the Maclaurin series for |z| < 2.5, the continued fraction for erfc beyond.
 */
final class Gelu {
    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);
    private static final double INV_SQRT_2 = 1.0 / Math.sqrt(2.0);
    private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);
    private static final int SERIES_TERMS = 34;
    private static final double[] SERIES = new double[SERIES_TERMS]; // (-1)^n / (n! (2n+1))

    static {
        double factorial = 1;
        for (int n = 0; n < SERIES_TERMS; n++) {
            if (n > 0) factorial *= n;
            SERIES[n] = ((n & 1) == 0 ? 1 : -1) / (factorial * (2 * n + 1));
        }
    }

    private Gelu() {
    }

    static float exact(float x) {
        return (float) (0.5 * x * (1.0 + erf(x * INV_SQRT_2)));
    }

    static float tanh(float x) {
        double xd = x;
        return (float) (0.5 * xd * (1.0 + Math.tanh(SQRT_2_OVER_PI * (xd + 0.044715 * xd * xd * xd))));
    }

    static double erf(double z) {
        double a = Math.abs(z);
        double r;
        if (a < 2.5) {
            double z2 = a * a;
            double s = 0;
            for (int n = SERIES_TERMS - 1; n >= 0; n--) s = s * z2 + SERIES[n];
            r = TWO_OVER_SQRT_PI * a * s;
        } else if (a < 6.5) {
            // erfc(a) = exp(-a^2) / sqrt(pi) / (a + (1/2)/(a + 1/(a + (3/2)/(a + ...))))
            double f = a;
            for (int n = 24; n >= 1; n--) f = a + (n * 0.5) / f;
            r = 1.0 - Math.exp(-a * a) / (Math.sqrt(Math.PI) * f);
        } else {
            r = 1.0;
        }
        return z < 0 ? -r : r;
    }
}
