package dev.nlulab.jobs;

import java.nio.file.Path;

/** Told once when a job reaches its ending (the grader grades its predictions.jsonl). */
@FunctionalInterface
public interface JobFinishedListener {
    void jobFinished(Job job, Path jobDir);
}
