package dev.nlulab.jobs;

/** Where a job is in its life: queued, running, then one of four endings. */
public enum JobState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED, TIMED_OUT;

    public boolean isFinal() {
        return this != QUEUED && this != RUNNING;
    }
}
