package io.m3j.cli;

import java.io.PrintWriter;
import java.util.Locale;

/** Progress of a long embedding run on stderr: texts done, rate and estimated time left, every few seconds. */
final class Progress {
    private static final long INTERVAL_NANOS = 2_000_000_000L;

    private final PrintWriter err;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private long lastReport = start;

    Progress(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    /** Reports if the last report is old enough; {@code fraction} is how much of the input was read (-1 unknown). */
    void update(long done, double fraction) {
        long now = System.nanoTime();
        if (!enabled || now - lastReport < INTERVAL_NANOS) return;
        lastReport = now;
        double seconds = (now - start) / 1e9;
        String line = String.format(Locale.ROOT, "m3j: %d texts, %.1f texts/s", done, done / seconds);
        if (fraction > 0 && fraction < 1) {
            line += String.format(Locale.ROOT, ", %.0f%% of the input, about %s left", 100 * fraction,
                    duration(seconds * (1 - fraction) / fraction));
        }
        err.println(line);
        err.flush();
    }

    void finish(long done) {
        if (!enabled) return;
        double seconds = (System.nanoTime() - start) / 1e9;
        err.printf(Locale.ROOT, "m3j: embedded %d texts in %s (%.1f texts/s)%n", done, duration(seconds),
                seconds > 0 ? done / seconds : 0.0);
        err.flush();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) return s + " s";
        if (s < 3600) return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }
}
