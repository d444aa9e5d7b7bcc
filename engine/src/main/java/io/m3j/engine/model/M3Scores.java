package io.m3j.engine.model;

/** bge-m3 relevance scores between a query and a passage, as FlagEmbedding computes them. */
public final class M3Scores {
    private M3Scores() {
    }

    /** Dot product of the normalised dense vectors. */
    public static double dense(float[] query, float[] passage) {
        if (query.length != passage.length) throw new IllegalArgumentException("dense vectors differ in length");
        double s = 0;
        for (int i = 0; i < query.length; i++) s += (double) query[i] * passage[i];
        return s;
    }

    /** Lexical matching: sum of weight products over shared token ids. */
    public static double sparse(SparseVector query, SparseVector passage) {
        return query.dot(passage);
    }

    /** ColBERT max-sim: mean over query vectors of the best dot product with any passage vector. */
    public static double colbert(float[][] query, float[][] passage) {
        if (query.length == 0) return 0;
        double total = 0;
        for (float[] q : query) {
            double best = Double.NEGATIVE_INFINITY;
            for (float[] p : passage) best = Math.max(best, dense(q, p));
            total += best;
        }
        return total / query.length;
    }

    /**
     * FlagEmbedding's {@code colbert+sparse+dense} score:
     * {@code (w0 dense + w1 sparse + w2 colbert) / (w0 + w1 + w2)}. Its {@code compute_score} uses
     * weights 1, 1, 1 unless given others; the bge-m3 model card suggests 0.4, 0.2, 0.4.
     */
    public static double combined(double dense, double sparse, double colbert, double wDense, double wSparse, double wColbert) {
        return (wDense * dense + wSparse * sparse + wColbert * colbert) / (wDense + wSparse + wColbert);
    }

    /** FlagEmbedding's {@code sparse+dense} score: {@code (w0 dense + w1 sparse) / (w0 + w1)}. */
    public static double combined(double dense, double sparse, double wDense, double wSparse) {
        return (wDense * dense + wSparse * sparse) / (wDense + wSparse);
    }

    public static double combined(M3Output query, M3Output passage, double wDense, double wSparse, double wColbert) {
        return combined(dense(query.dense(), passage.dense()), sparse(query.sparse(), passage.sparse()),
                colbert(query.colbert(), passage.colbert()), wDense, wSparse, wColbert);
    }
}
