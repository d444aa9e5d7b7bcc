package io.m3j.cli;

import picocli.CommandLine;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;

/** The {@code m3j} command line. */
@Command(name = "m3j", mixinStandardHelpOptions = true, version = "m3j 0.1.0",
        description = "Pure-Java sentence-embedding engine.",
        subcommands = {EmbedCommand.class, TokenizeCommand.class, DistillCommand.class, PruneCommand.class,
                EvaluateCommand.class, GenerateCheckpointCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        return run(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
                new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true), args);
    }

    /** Runs the command line with the given output streams and returns the exit code. */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // Users get the message (it names the file and the problem), not a stack trace.
            commandLine.getErr().println("m3j: " + e.getMessage());
            if (Boolean.getBoolean("m3j.debug")) e.printStackTrace(commandLine.getErr());
            return 1;
        });
        return cli.execute(args);
    }
}
