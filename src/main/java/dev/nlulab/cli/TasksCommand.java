package dev.nlulab.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code nlulab tasks ...}: the synthetic task suite. */
@Command(name = "tasks", mixinStandardHelpOptions = true, description = "The synthetic task suite.",
        subcommands = {DatasetCommand.class})
public final class TasksCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
