package dev.nlulab.course;

import java.nio.file.Path;

/**
 * Something wrong in the lesson sources, for instructors: the file, its 1-based line, and what is wrong.
 * An ERROR keeps the lesson from students; a WARNING (a dead link, a missing image) leaves it served.
 */
public record LessonProblem(Path file, int line, Severity severity, String message) {
    public enum Severity { ERROR, WARNING }

    public static LessonProblem error(Path file, int line, String message) {
        return new LessonProblem(file, line, Severity.ERROR, message);
    }

    public static LessonProblem warning(Path file, int line, String message) {
        return new LessonProblem(file, line, Severity.WARNING, message);
    }

    public boolean isError() { return severity == Severity.ERROR; }

    /** {@code file:line: message}, the form compilers use, so editors can jump to it. */
    @Override
    public String toString() {
        return file + ":" + line + ": " + (isError() ? "error: " : "warning: ") + message;
    }
}
