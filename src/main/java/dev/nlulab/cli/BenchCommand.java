package dev.nlulab.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code nlulab bench ...}: benchmarks that print figures (kept in docs/benchmarks.md), never part of the tests. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks: print speed and memory figures.",
        subcommands = {MlBenchCommand.class, ApiBenchCommand.class, JobsBenchCommand.class, GraderBenchCommand.class, WebBenchCommand.class, DemosBenchCommand.class, RushBenchCommand.class})
public final class BenchCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
