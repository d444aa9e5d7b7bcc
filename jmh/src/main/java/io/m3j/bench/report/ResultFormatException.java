package io.m3j.bench.report;

/** A JMH result file that is not what {@code -rf json} writes; the message names the file and the field. */
public final class ResultFormatException extends RuntimeException {
    public ResultFormatException(String message) {
        super(message);
    }

    public ResultFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
