package dev.nlulab.jobs;

/** The executor could not start or follow a job (Slurm down, bad partition, no java): our fault, not the student's. */
public final class ExecutorException extends Exception {
    public ExecutorException(String message) { super(message); }
    public ExecutorException(String message, Throwable cause) { super(message, cause); }
}
