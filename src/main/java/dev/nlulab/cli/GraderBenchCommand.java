package dev.nlulab.cli;

import dev.nlulab.grader.GraderBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nlulab bench grader}: the grader's figures ({@link GraderBench}). */
@Command(name = "grader", description = "Measure grading a 1,000,000-row predictions file and a 1,000-student leaderboard.")
public final class GraderBenchCommand implements Runnable {
    @Option(names = "--rows", defaultValue = "1000000", description = "test items (default: ${DEFAULT-VALUE})")
    int rows;

    @Option(names = "--students", defaultValue = "1000", description = "students on the board (default: ${DEFAULT-VALUE})")
    int students;

    @Option(names = "--submissions", defaultValue = "50", description = "graded submissions per student (default: ${DEFAULT-VALUE})")
    int perStudent;

    @Option(names = "--repeats", defaultValue = "5", description = "timed runs after one warm-up; the median is reported")
    int repeats;

    @Override
    public void run() {
        new GraderBench(rows, students, perStudent, repeats).run();
    }
}
