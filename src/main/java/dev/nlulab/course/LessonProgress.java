package dev.nlulab.course;

import java.time.Instant;

/** One student's progress in one lesson: questions answered correctly (at least once) of the lesson's total. */
public record LessonProgress(String lessonId, int correct, int total, Instant visitedAt, Instant completedAt) {
    public boolean completed() { return completedAt != null; }
}
