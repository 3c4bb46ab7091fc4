package dev.nlulab.course;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A lesson of the shipped course (the repository's {@code lessons/} folder) as Markdown text, for tests that
 * recompute a lesson's worked example and hold the lesson to the numbers it states.
 */
record ShippedLesson(String id, String markdown) {
    static final Path DIR = Path.of("lessons");

    static ShippedLesson of(String id) {
        try {
            return new ShippedLesson(id, Files.readString(DIR.resolve(id + ".md")));
        } catch (IOException e) {
            throw new UncheckedIOException("no shipped lesson " + id, e);
        }
    }

    /** Asserts that the lesson's text contains each snippet, as written (math included); line breaks count as spaces. */
    ShippedLesson states(String... snippets) {
        String text = oneLine(markdown);
        for (String s : snippets) assertThat(text).as("lesson %s states '%s'", id, s).contains(oneLine(s));
        return this;
    }

    /** Whether the lesson's quiz question {@code questionId} grades {@code answer} as right. */
    boolean accepts(String questionId, String answer) {
        Lesson lesson = Shipped.COURSE.lesson(id).orElseThrow(() -> new AssertionError("lesson " + id + " is not served"));
        QuizQuestion q = lesson.question(questionId).orElseThrow(() -> new AssertionError(id + " has no question " + questionId));
        return new QuizGrader().grade(q, List.of(answer)).correct();
    }

    /** The shipped course, loaded once for the tests that grade its quizzes. */
    private static final class Shipped {
        static final Course COURSE = CourseLoader.load(DIR, new LessonMarkdown());
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s+", " ");
    }

    /** {@code x} with {@code decimals} digits after the point, the way the lessons write numbers. */
    static String fixed(double x, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", x);
    }

    /** {@code x} as a percentage with one decimal, e.g. 0.6391 -> "63.9%". */
    static String percent(double x) {
        return fixed(100 * x, 1) + "%";
    }
}
