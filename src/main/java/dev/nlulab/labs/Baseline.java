package dev.nlulab.labs;

import java.nio.file.Path;

/**
 * A reference system shown on an exercise's leaderboard: its {@code predictions} file under
 * {@code grader/<lab>/} (never served), scored by the grader like a student's, and the line of lab.yaml
 * that declares it (for problems).
 */
public record Baseline(String name, Path predictions, int line) {}
