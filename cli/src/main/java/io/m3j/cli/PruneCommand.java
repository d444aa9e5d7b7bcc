package io.m3j.cli;

import io.m3j.distill.prune.LayerPruner;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;

/** {@code m3j prune}: a layer-pruned student that keeps some of the teacher's layers. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Write a student model folder with a subset of the teacher's encoder layers.")
final class PruneCommand implements Callable<Integer> {

    @Option(names = "--teacher", required = true, paramLabel = "PATH", description = "Teacher model folder.")
    Path teacher;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder for the student.")
    Path out;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Selection selection;

    static final class Selection {
        @Option(names = "--layers", paramLabel = "0,3,6,...", description = "Teacher layers to keep, in order.")
        String layers;

        @Option(names = "--keep", paramLabel = "N", description = "Keep N evenly spaced layers.")
        Integer keep;
    }

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        LayerPruner.PruneResult r = selection.layers != null
                ? LayerPruner.prune(teacher, LayerPruner.parseLayers(selection.layers), out)
                : LayerPruner.pruneEvenly(teacher, selection.keep, out);
        spec.commandLine().getOut().printf("{\"out\":\"%s\",\"teacher_layers\":%d,\"kept_layers\":%s,\"tensors\":%d,\"parameters\":%d,\"bytes\":%d}%n",
                Json.escape(r.out().toString()), r.teacherLayers(), Arrays.toString(r.keptLayers()).replace(" ", ""),
                r.tensors(), r.parameters(), r.bytes());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
