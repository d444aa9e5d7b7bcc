package io.m3j.distill;

import java.io.PrintStream;

/**
 * A progress line for long runs: items done, rate and time left, rewritten in place at most about
 * once a second. A null stream makes it silent.
 */
public final class Progress {
    private static final long INTERVAL_NANOS = 1_000_000_000L;

    private final PrintStream out;
    private final String what;
    private final long total;
    private final long start = System.nanoTime();
    private long lastPrint;
    private boolean printed;

    public Progress(PrintStream out, String what, long total) {
        this.out = out;
        this.what = what;
        this.total = total;
        this.lastPrint = start;
    }

    public static Progress silent() {
        return new Progress(null, "", 0);
    }

    /** Reports that {@code done} of the total items are finished. */
    public void update(long done) {
        if (out == null) return;
        long now = System.nanoTime();
        if (done < total && now - lastPrint < INTERVAL_NANOS) return;
        lastPrint = now;
        double seconds = (now - start) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        String left = rate > 0 ? formatSeconds((total - done) / rate) : "?";
        out.printf("\r%s: %d/%d (%.0f/s, %s elapsed, %s left)   ", what, done, total, rate, formatSeconds(seconds), left);
        printed = true;
        if (done >= total) finish();
    }

    /** Ends the progress line. */
    public void finish() {
        if (out != null && printed) {
            out.println();
            out.flush();
            printed = false;
        }
    }

    static String formatSeconds(double s) {
        long t = Math.round(s);
        return t >= 60 ? (t / 60) + "m" + String.format("%02d", t % 60) + "s" : t + "s";
    }
}
