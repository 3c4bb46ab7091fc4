package dev.nlulab.course;

import java.util.List;
import java.util.NoSuchElementException;

/** What the quiz POST does: find the question in the current lessons, grade the answer, record the attempt. */
public final class QuizService {
    /** The graded attempt and the student's progress in the lesson after it. */
    public record Answered(QuizResult result, LessonProgress progress) {}

    private final LessonCatalog catalog;
    private final ProgressService progress;
    private final QuizGrader grader;

    public QuizService(LessonCatalog catalog, ProgressService progress, QuizGrader grader) {
        this.catalog = catalog;
        this.progress = progress;
        this.grader = grader;
    }

    /**
     * @param values the form's {@code answer} values
     * @throws NoSuchElementException            no such served lesson or question (a 404)
     * @throws QuizGrader.BadAnswerException     the answer cannot be read (a 400; nothing is recorded)
     */
    public Answered answer(long userId, String lessonId, String questionId, List<String> values) {
        Lesson lesson = catalog.lesson(lessonId)
                .orElseThrow(() -> new NoSuchElementException("no lesson " + lessonId));
        QuizQuestion question = lesson.question(questionId)
                .orElseThrow(() -> new NoSuchElementException("lesson " + lessonId + " has no question " + questionId));
        QuizResult result = grader.grade(question, values);
        return new Answered(result, progress.recordAttempt(userId, lesson, result));
    }
}
