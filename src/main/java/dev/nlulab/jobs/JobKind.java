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

    /** Field-level problems of a spec; {@link SpecCheck#ok()} when it can run. */
    SpecCheck validate(JsonNode spec);

    /** Peak (GPU, or else process) memory the job will need; see {@link MemoryEstimate}. */
    long estimatePeakMemoryBytes(JsonNode spec);

    /**
     * {@link #validate(JsonNode)} for a job that will read the lab's public data in {@code dataDir} (null: none):
     * what the queue calls, so a kind whose spec names something beside the lab (a base model) checks it here.
     */
    default SpecCheck validate(JsonNode spec, Path dataDir) {
        return validate(spec);
    }

    /** {@link #estimatePeakMemoryBytes(JsonNode)} for a job that will read the lab's public data in {@code dataDir}. */
    default long estimatePeakMemoryBytes(JsonNode spec, Path dataDir) {
        return estimatePeakMemoryBytes(spec);
    }

    /** Does the work; a thrown exception ends the job FAILED with its message as the reason. */
    void run(JobContext ctx) throws Exception;
}
