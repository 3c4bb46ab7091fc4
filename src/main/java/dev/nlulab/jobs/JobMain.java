package dev.nlulab.jobs;

import picocli.CommandLine;

/**
 * The job process's main class ({@code java ... dev.nlulab.jobs.JobMain <job-dir>}): the same as
 * {@code nlulab job run <job-dir>} without loading the rest of the CLI.
 */
public final class JobMain {
    private JobMain() {}

    public static void main(String[] args) {
        System.exit(new CommandLine(new JobRunCommand()).execute(args));
    }
}
