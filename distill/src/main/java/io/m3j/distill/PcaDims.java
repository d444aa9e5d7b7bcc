package io.m3j.distill;

/**
 * How many PCA components a distilled static model keeps (model2vec's {@code pca_dims}).
 */
public sealed interface PcaDims {

    /** Exactly this many components (capped at the teacher's hidden size). */
    record Count(int components) implements PcaDims {
        public Count {
            if (components < 1) throw new IllegalArgumentException("pca dims must be >= 1, got " + components);
        }
    }

    /** As many components as the teacher has dimensions: a rotation onto the principal axes, no reduction. */
    record Auto() implements PcaDims {
    }

    /** No PCA at all: the teacher's token vectors are kept as they are. */
    record None() implements PcaDims {
    }

    /** The fewest components whose explained variance ratio exceeds {@code fraction} (scikit-learn's float n_components). */
    record Fraction(double fraction) implements PcaDims {
        public Fraction {
            if (!(fraction > 0 && fraction < 1)) {
                throw new IllegalArgumentException("pca dims as a fraction of explained variance must be in (0, 1), got " + fraction);
            }
        }
    }

    /** Parses the CLI form: an integer, {@code auto}, {@code none}, or a fraction such as {@code 0.9}. */
    static PcaDims parse(String text) {
        String t = text.trim();
        if (t.equalsIgnoreCase("auto")) return new Auto();
        if (t.equalsIgnoreCase("none")) return new None();
        try {
            if (t.matches("[0-9]+")) return new Count(Integer.parseInt(t));
            return new Fraction(Double.parseDouble(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("pca dims '" + text + "' is not an integer, auto, none or a fraction in (0, 1)", e);
        }
    }

    /** The value model2vec writes as {@code apply_pca} in config.json: an int, a float, "auto" or null. */
    default Object configValue() {
        return switch (this) {
            case Count c -> c.components();
            case Auto a -> "auto";
            case None n -> null;
            case Fraction f -> f.fraction();
        };
    }
}
