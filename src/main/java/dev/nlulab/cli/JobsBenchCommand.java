package dev.nlulab.cli;

import dev.nlulab.jobs.QueueBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code nlulab bench jobs}: the job queue's figures ({@link QueueBench}). */
@Command(name = "jobs", description = "Benchmark the job queue: decision time, local start latency, queue throughput.")
public final class JobsBenchCommand implements Callable<Integer> {
    @Option(names = "--queued", description = "Queued jobs for the decision time (default ${DEFAULT-VALUE}).")
    int queued = 10_000;

    @Option(names = "--tiny", description = "Jobs for the throughput run (default ${DEFAULT-VALUE}).")
    int tiny = 1_000;

    @Option(names = "--kind", description = "Job kind for the local executor's latency; default: the first on the class path.")
    String kind;

    @Option(names = "--spec", description = "Its spec as JSON (default ${DEFAULT-VALUE}).")
    String spec = "{}";

    @Option(names = "--runs", description = "Local jobs to time (default ${DEFAULT-VALUE}).")
    int runs = 5;

    @Override
    public Integer call() throws Exception {
        new QueueBench(queued, tiny, kind, spec, runs).run();
        return 0;
    }
}
