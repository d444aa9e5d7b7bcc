package io.m3j.cli;

import io.m3j.distill.metrics.DistillationMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code m3j evaluate}: the distillation metrics of a student against its teacher. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Compare a student with its teacher: negative_mse (as sentence-transformers' MSEEvaluator), "
                + "pearson_cosine and spearman_cosine over sentence pairs.")
final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--teacher", required = true, paramLabel = "PATH", description = "Teacher model folder.")
    Path teacher;

    @Option(names = "--student", required = true, paramLabel = "PATH", description = "Student model folder (encoder or static).")
    Path student;

    @Option(names = "--input", required = true, paramLabel = "FILE.json", description = "JSON array of sentences.")
    Path input;

    @Option(names = "--pairs", paramLabel = "FILE.json",
            description = "JSON array of sentence pairs ([\"a\", \"b\"] or {\"sentence1\":..., \"sentence2\":...}); default: consecutive pairs of --input.")
    Path pairs;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DistillationMetrics.Metrics m = DistillationMetrics.evaluate(teacher, student,
                DistillationMetrics.readSentences(input), pairs == null ? null : DistillationMetrics.readPairs(pairs));
        spec.commandLine().getOut().println(m.toJson());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
