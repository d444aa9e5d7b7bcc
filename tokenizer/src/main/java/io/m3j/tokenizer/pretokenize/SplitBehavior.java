package io.m3j.tokenizer.pretokenize;

/** What to do with the delimiters when splitting (Hugging Face {@code SplitDelimiterBehavior}). */
public enum SplitBehavior {
    /** Drop them. */
    REMOVED,
    /** Keep each as a piece of its own. */
    ISOLATED,
    /** Append each to the piece before it. */
    MERGED_WITH_PREVIOUS,
    /** Prepend each to the piece after it. */
    MERGED_WITH_NEXT,
    /** Keep runs of consecutive delimiters together as one piece. */
    CONTIGUOUS;

    /** Parses the tokenizer.json spelling ({@code "Removed"}, {@code "MergedWithPrevious"}, ...); null if unknown. */
    public static SplitBehavior fromJson(String name) {
        return switch (name) {
            case "Removed" -> REMOVED;
            case "Isolated" -> ISOLATED;
            case "MergedWithPrevious" -> MERGED_WITH_PREVIOUS;
            case "MergedWithNext" -> MERGED_WITH_NEXT;
            case "Contiguous" -> CONTIGUOUS;
            default -> null;
        };
    }
}
