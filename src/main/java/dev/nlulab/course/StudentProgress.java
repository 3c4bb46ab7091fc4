package dev.nlulab.course;

import java.time.Instant;
import java.util.List;

/** One student's row of the instructors' class view: per module, and in total. */
public record StudentProgress(long userId, List<ModuleProgress> modules, int lessonsCompleted, int correct, int total,
                              Instant lastActive) {}
