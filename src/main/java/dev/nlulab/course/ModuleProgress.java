package dev.nlulab.course;

import java.util.List;

/** One student's progress in one module, summed over its lessons. */
public record ModuleProgress(String moduleId, int lessonsCompleted, int lessons, int correct, int total) {
    /** The sums over the module's lessons. */
    static ModuleProgress of(String moduleId, List<LessonProgress> lessons) {
        int done = 0, right = 0, total = 0;
        for (LessonProgress p : lessons) {
            if (p.completed()) done++;
            right += p.correct();
            total += p.total();
        }
        return new ModuleProgress(moduleId, done, lessons.size(), right, total);
    }
}
