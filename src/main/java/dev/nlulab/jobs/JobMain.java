package dev.nlulab.jobs;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The job process's main class ({@code java ... dev.nlulab.jobs.JobMain <job-dir>}): the same as
 * {@code nlulab job run <job-dir>} without loading the rest of the CLI.
 */
public final class JobMain {
    private JobMain() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java dev.nlulab.jobs.JobMain <job-dir>");
            System.exit(2);
        }
        System.exit(JobRunner.run(Path.of(args[0])));
    }
}
