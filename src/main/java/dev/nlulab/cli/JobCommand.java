package dev.nlulab.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code nlulab job ...}: the job subcommands (register this class in App's subcommands). */
@Command(name = "job", description = "Jobs: run one job in this process.", subcommands = {JobRunCommand.class})
public final class JobCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
