package io.m3j;

import io.m3j.engine.model.M3Output;
import io.m3j.engine.model.M3Scores;

/**
 * bge-m3's three relevance scores between a query and a passage, computed as FlagEmbedding does.
 *
 * @param dense   dot product of the normalised dense vectors
 * @param sparse  lexical matching: sum of weight products over shared token ids
 * @param colbert ColBERT max-sim averaged over the query's vectors
 */
public record M3Score(double dense, double sparse, double colbert) {

    public static M3Score of(M3Output query, M3Output passage) {
        return new M3Score(M3Scores.dense(query.dense(), passage.dense()),
                M3Scores.sparse(query.sparse(), passage.sparse()),
                M3Scores.colbert(query.colbert(), passage.colbert()));
    }

    /**
     * The weighted mean {@code (wDense dense + wSparse sparse + wColbert colbert) / (wDense + wSparse + wColbert)};
     * FlagEmbedding's {@code compute_score} uses 1, 1, 1 by default, the bge-m3 model card suggests 0.4, 0.2, 0.4.
     */
    public double combined(double wDense, double wSparse, double wColbert) {
        return M3Scores.combined(dense, sparse, colbert, wDense, wSparse, wColbert);
    }
}
