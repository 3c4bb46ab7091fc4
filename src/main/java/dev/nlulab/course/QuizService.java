package dev.nlulab.course;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * What the quiz POSTs do: find the question in the current lessons, then grade and record an answer,
 * or record a request for the answer. Either way the student gets back the feedback their history
 * with the question allows (no key after a wrong answer) and their progress in the lesson.
 */
public final class QuizService {
    /** The outcome of one step: whether it was a right answer, the feedback to show and the progress after it. */
    public record Outcome(boolean correct, QuizFeedback feedback, boolean showsKey, LessonProgress progress) {}

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
    public Outcome answer(long userId, String lessonId, String questionId, List<String> values) {
        Lesson lesson = lesson(lessonId);
        QuizQuestion question = question(lesson, questionId);
        QuizResult result = grader.grade(question, values);
        LessonProgress after = progress.recordAttempt(userId, lesson, result);
        return outcome(userId, lesson, question, result.correct(), result.correct() ? QuizFeedback.Verdict.CORRECT : QuizFeedback.Verdict.WRONG, after);
    }

    /** "Show the answer": recorded, so that the question no longer counts as right on the first try. */
    public Outcome reveal(long userId, String lessonId, String questionId) {
        Lesson lesson = lesson(lessonId);
        QuizQuestion question = question(lesson, questionId);
        LessonProgress after = progress.recordReveal(userId, lesson, questionId);
        return outcome(userId, lesson, question, false, QuizFeedback.Verdict.SHOWN, after);
    }

    /** The lesson's HTML with this student's answers, feedback and earned keys in its quiz forms. */
    public String lessonHtml(long userId, Lesson lesson) {
        return QuizStates.apply(lesson, progress.questionStates(userId, lesson));
    }

    private Outcome outcome(long userId, Lesson lesson, QuizQuestion q, boolean correct, QuizFeedback.Verdict verdict, LessonProgress after) {
        QuestionState state = progress.questionStates(userId, lesson).getOrDefault(q.id(), QuestionState.UNTOUCHED);
        return new Outcome(correct, QuizFeedback.of(q, state, verdict), state.showsKey(), after);
    }

    /** The served lesson, also under a former id: a page opened before its lesson was renamed still records its answers. */
    private Lesson lesson(String lessonId) {
        Course course = catalog.course();
        return course.lesson(lessonId).or(() -> course.renamed(lessonId))
                .orElseThrow(() -> new NoSuchElementException("no lesson " + lessonId));
    }

    private static QuizQuestion question(Lesson lesson, String questionId) {
        return lesson.question(questionId)
                .orElseThrow(() -> new NoSuchElementException("lesson " + lesson.id() + " has no question " + questionId));
    }
}
