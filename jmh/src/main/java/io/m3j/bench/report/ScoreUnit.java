package io.m3j.bench.report;

/**
 * A JMH score unit: either a rate ("ops/s", "ops/ms", "ops/us", "ops/ns", "ops/min") or a time per
 * operation ("s/op", "ms/op", "us/op", "ns/op", "min/op"). Converting both kinds to operations per
 * second lets throughput-mode and time-mode results be compared the same way (higher = faster).
 */
record ScoreUnit(String text, boolean isRate, double secondsPerTimeUnit) {

    static ScoreUnit parse(String text) {
        if (text.startsWith("ops/")) {
            return new ScoreUnit(text, true, seconds(text, text.substring("ops/".length())));
        }
        if (text.endsWith("/op")) {
            return new ScoreUnit(text, false, seconds(text, text.substring(0, text.length() - "/op".length())));
        }
        throw new ResultFormatException("score unit '" + text + "': expected ops/<time> or <time>/op");
    }

    /** The score in this unit as operations per second. */
    double toOpsPerSecond(double score) {
        return isRate ? score / secondsPerTimeUnit : 1.0 / (score * secondsPerTimeUnit);
    }

    private static double seconds(String unit, String timeUnit) {
        return switch (timeUnit) {
            case "ns" -> 1e-9;
            case "us" -> 1e-6;
            case "ms" -> 1e-3;
            case "s" -> 1.0;
            case "min" -> 60.0;
            default -> throw new ResultFormatException("score unit '" + unit + "': unknown time unit '" + timeUnit
                    + "', expected one of ns, us, ms, s, min");
        };
    }
}
