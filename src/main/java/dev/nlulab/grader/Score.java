package dev.nlulab.grader;

/**
 * The scores of one graded submission: on the public share of the test set (shown during the
 * competition), on the private share (shown after the deadline) and on all of it. With a public
 * fraction of 1 there is no private share, and the private score is the overall one.
 */
public record Score(double publicScore, double privateScore, double overall) {}
