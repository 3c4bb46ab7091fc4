package dev.nlulab.grader;

/** Where a submission stands. PENDING: a job still running or a file being graded; INVALID and NOT_GRADABLE cost no attempt. */
public enum SubmissionStatus { PENDING, GRADED, INVALID, NOT_GRADABLE }
