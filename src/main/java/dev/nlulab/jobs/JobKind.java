package dev.nlulab.jobs;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;

/**
 * One kind of ML work a job can do (fine-tune, QA-LoRA, Meta-CoT...). Kinds are found by
 * {@link JobKinds} through {@code META-INF/services/dev.nlulab.jobs.JobKind}; a kind needs a public
 * no-argument constructor. {@link #run} executes inside the job's own JVM ({@code nlulab job run}).
 */
public interface JobKind {
    /** The id a spec names, e.g. {@code qalora}. */
    String id();

    /**
     * Field-level problems of a spec for a job that will read the lab's public data in {@code dataDir} (null: none),
     * so a kind whose spec names something beside the lab (a base model) can check it; {@link SpecCheck#ok()} when it can run.
     */
    SpecCheck validate(JsonNode spec, Path dataDir);

    /** Peak (GPU, or else process) memory the job will need, reading {@code dataDir} like {@link #validate}; see {@link MemoryEstimate}. */
    long estimatePeakMemoryBytes(JsonNode spec, Path dataDir);

    /** Does the work; a thrown exception ends the job FAILED with its message as the reason. */
    void run(JobContext ctx) throws Exception;

    /** The page that shows a job of this kind in full (a lab's report), linked from the job's page; null when there is none. */
    default String reportPath(long jobId) {
        return null;
    }
}
