package io.m3j.distill;

/** How the teacher's hidden states of one wrapped token ({@code [CLS] tok [SEP]}) become one vector. */
public enum TokenPooling {
    /** The mean over every position, the begin/end specials included (model2vec's default). */
    MEAN,
    /** The first position (the begin special, e.g. {@code [CLS]}). */
    FIRST,
    /** The last position (the end special, e.g. {@code [SEP]}). */
    LAST;

    public static TokenPooling parse(String text) {
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "mean" -> MEAN;
            case "first" -> FIRST;
            case "last" -> LAST;
            default -> throw new IllegalArgumentException("pooling '" + text + "' is not one of mean, first, last");
        };
    }
}
