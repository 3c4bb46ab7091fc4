package dev.nlulab.grader;

/** A submission that was not taken at all (window closed, limit reached): the message says why and when to retry. */
public final class SubmissionRefusedException extends RuntimeException {
    public SubmissionRefusedException(String message) {
        super(message);
    }
}
