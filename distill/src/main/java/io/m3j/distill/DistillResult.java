package io.m3j.distill;

import io.m3j.distill.pca.PcaResult;
import io.m3j.distill.staticmodel.StaticModel;

/**
 * What a distillation produced.
 *
 * @param model                   the static model, as written
 * @param vocabularySize          tokens in the static vocabulary
 * @param dimensions              embedding width after PCA
 * @param explainedVarianceRatio  share of the teacher-vector variance the kept components explain (1 without PCA)
 * @param teacherSeconds          time spent running the teacher over the vocabulary
 * @param totalSeconds            time for the whole distillation, writing included
 * @param bytesWritten            size of the written folder's files (0 when nothing was written)
 * @param pca                     the fitted PCA (mean, all components and variances), or null when none was applied
 */
public record DistillResult(StaticModel model, int vocabularySize, int dimensions, double explainedVarianceRatio,
                            double teacherSeconds, double totalSeconds, long bytesWritten, PcaResult pca) {
}
