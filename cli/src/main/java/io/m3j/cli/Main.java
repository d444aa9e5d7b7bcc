package io.m3j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code m3j} command line. */
@Command(name = "m3j", mixinStandardHelpOptions = true, version = "m3j 0.1.0",
        description = "Pure-Java sentence-embedding engine.",
        subcommands = {TokenizeCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests). */
    static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // Users get the message (it names the file and the problem), not a stack trace.
            commandLine.getErr().println("m3j: " + e.getMessage());
            if (Boolean.getBoolean("m3j.debug")) e.printStackTrace(commandLine.getErr());
            return 1;
        });
        return cli.execute(args);
    }
}
