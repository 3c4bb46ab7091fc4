package dev.nlulab.cli;

import dev.nlulab.jobs.JobRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code nlulab job run <job-dir>}: runs one job of any kind in this JVM ({@link JobRunner}); exit 0 when it succeeded. */
@Command(name = "run", description = "Run the job in <job-dir> (spec.json) in this process; used by the executors.")
public final class JobRunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<job-dir>", description = "The job folder holding spec.json.")
    Path dir;

    @Override
    public Integer call() throws IOException {
        return JobRunner.run(dir);
    }
}
