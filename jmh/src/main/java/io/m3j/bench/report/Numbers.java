package io.m3j.bench.report;

import java.util.Locale;

/** Number formatting for the report: about four significant digits, fixed notation, dot decimal separator. */
final class Numbers {
    private Numbers() {
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "—";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "∞" : "-∞";
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1000) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (magnitude >= 100) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (magnitude >= 10) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        if (magnitude >= 0.01 || magnitude == 0) {
            return String.format(Locale.ROOT, "%.3f", value);
        }
        return String.format(Locale.ROOT, "%.3g", value);
    }

    /** Mean with its error, e.g. "112.9 ± 1.350"; just the mean when the error is NaN. */
    static String withError(double mean, double error) {
        return Double.isNaN(error) ? format(mean) : format(mean) + " ± " + format(error);
    }
}
