package io.m3j.tokenizer.text;

/**
 * Character classes as Rust's {@code char} methods and the {@code unicode_categories} crate define
 * them, which is what Hugging Face tokenizers uses. Java's {@link Character#isWhitespace} differs
 * (it excludes no-break spaces and includes U+001C..U+001F), so these are spelled out here.
 */
public final class UnicodeProps {
    private UnicodeProps() {
    }

    /** Unicode {@code White_Space} (Rust {@code char::is_whitespace}, regex {@code \s}). */
    public static boolean isWhitespace(int cp) {
        if (cp < 0x80) return cp == ' ' || (cp >= 0x09 && cp <= 0x0D);
        return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A)
                || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
    }

    /** Rust {@code char::is_alphanumeric}: Alphabetic or Numeric (general category N*). */
    public static boolean isAlphanumeric(int cp) {
        if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
        return Character.isAlphabetic(cp) || isNumeric(cp);
    }

    /** Rust {@code char::is_numeric}: general category Nd, Nl or No. */
    public static boolean isNumeric(int cp) {
        if (cp < 0x80) return cp >= '0' && cp <= '9';
        int t = Character.getType(cp);
        return t == Character.DECIMAL_DIGIT_NUMBER || t == Character.LETTER_NUMBER || t == Character.OTHER_NUMBER;
    }

    /** General category P* (Pc, Pd, Ps, Pe, Pi, Pf, Po) as of Unicode 8.0 (see {@link Unicode8}). */
    public static boolean isPunctuation(int cp) {
        if (cp >= 0x80 && !Unicode8.isAssigned(cp)) return false;
        int t = Character.getType(cp);
        return t == Character.CONNECTOR_PUNCTUATION || t == Character.DASH_PUNCTUATION
                || t == Character.START_PUNCTUATION || t == Character.END_PUNCTUATION
                || t == Character.INITIAL_QUOTE_PUNCTUATION || t == Character.FINAL_QUOTE_PUNCTUATION
                || t == Character.OTHER_PUNCTUATION;
    }

    /** ASCII punctuation or general category P*: what BERT pre-tokenization isolates. */
    public static boolean isBertPunctuation(int cp) {
        if (cp < 0x80) {
            return (cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126);
        }
        return isPunctuation(cp);
    }

    /**
     * General category Cc, Cf, Co or Cs: the {@code unicode_categories} crate's {@code is_other},
     * which (unlike the category C*) does not include unassigned code points (Cn), as of Unicode 8.0.
     */
    public static boolean isOther(int cp) {
        if (cp >= 0x80 && !Unicode8.isAssigned(cp)) return false;
        int t = Character.getType(cp);
        return t == Character.CONTROL || t == Character.FORMAT || t == Character.PRIVATE_USE || t == Character.SURROGATE;
    }

    /** General category Mn as of Unicode 8.0 (see {@link Unicode8}). */
    public static boolean isNonSpacingMark(int cp) {
        return cp >= 0x300 && Unicode8.isAssigned(cp) && Character.getType(cp) == Character.NON_SPACING_MARK;
    }

    /**
     * Regex {@code \w} in Unicode mode (Rust regex, Oniguruma, Java with UNICODE_CHARACTER_CLASS):
     * Alphabetic, marks, decimal digits, connector punctuation, join controls.
     */
    public static boolean isWordChar(int cp) {
        if (cp < 0x80) {
            return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_';
        }
        if (Character.isAlphabetic(cp)) return true;
        int t = Character.getType(cp);
        return t == Character.NON_SPACING_MARK || t == Character.ENCLOSING_MARK || t == Character.COMBINING_SPACING_MARK
                || t == Character.DECIMAL_DIGIT_NUMBER || t == Character.CONNECTOR_PUNCTUATION
                || cp == 0x200C || cp == 0x200D;
    }

    /** Lowercase as Rust's {@code char::to_lowercase} (full, context-free mapping). */
    public static void appendLowercase(int cp, StringBuilder out) {
        if (cp == 0x130) { // the one unconditional multi-char lowercase mapping in SpecialCasing.txt
            out.append('i').append('\u0307');
        } else {
            out.appendCodePoint(Character.toLowerCase(cp));
        }
    }
}
