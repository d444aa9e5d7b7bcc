package io.m3j.cli;

import io.m3j.distill.DistillOptions;
import io.m3j.distill.DistillResult;
import io.m3j.distill.PcaDims;
import io.m3j.distill.Quantization;
import io.m3j.distill.StaticDistiller;
import io.m3j.distill.TokenPooling;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code m3j distill}: a Model2Vec static model from any encoder, with no data. */
@Command(name = "distill", mixinStandardHelpOptions = true,
        description = "Distill a static (Model2Vec-format) embedding model from an encoder: vocabulary -> teacher -> PCA -> SIF weighting.")
final class DistillCommand implements Callable<Integer> {

    @Option(names = "--teacher", required = true, paramLabel = "PATH", description = "Teacher model folder.")
    Path teacher;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder for the static model.")
    Path out;

    @Option(names = "--pca-dims", paramLabel = "N|auto|none|0.x", defaultValue = "256",
            description = "PCA dimensions: a count, auto (as many as the data allows), none, or a fraction of explained variance (default ${DEFAULT-VALUE}).")
    String pcaDims;

    @Option(names = "--sif-coefficient", paramLabel = "A|none", defaultValue = "1e-4",
            description = "SIF weighting coefficient a in a / (a + p), or none (default ${DEFAULT-VALUE}).")
    String sifCoefficient;

    @Option(names = "--vocabulary", paramLabel = "FILE", description = "Extra words to add, one per line.")
    Path vocabulary;

    @Option(names = "--quantize", paramLabel = "float16|float32|int8", defaultValue = "float16",
            description = "Storage type of the embeddings (default ${DEFAULT-VALUE}).")
    String quantize;

    @Option(names = "--pooling", paramLabel = "mean|first|last", defaultValue = "mean",
            description = "How each token's teacher output is pooled (default ${DEFAULT-VALUE}).")
    String pooling;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DistillOptions options = DistillOptions.defaults(teacher, out)
                .withPcaDims(PcaDims.parse(pcaDims))
                .withSifCoefficient(DistillOptions.parseSifCoefficient(sifCoefficient))
                .withQuantization(Quantization.parse(quantize))
                .withPooling(TokenPooling.parse(pooling))
                .withProgress(System.err);
        if (vocabulary != null) options = options.withVocabulary(DistillOptions.readVocabulary(vocabulary));
        DistillResult r = StaticDistiller.distill(options);
        spec.commandLine().getOut().printf(Locale.ROOT,
                "{\"out\":\"%s\",\"vocabulary\":%d,\"dimensions\":%d,\"explained_variance\":%.6f,\"teacher_seconds\":%.3f,\"total_seconds\":%.3f,\"bytes\":%d}%n",
                Json.escape(out.toString()), r.vocabularySize(), r.dimensions(), r.explainedVarianceRatio(),
                r.teacherSeconds(), r.totalSeconds(), r.bytesWritten());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
