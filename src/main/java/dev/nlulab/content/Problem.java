package dev.nlulab.content;

import java.nio.file.Path;

/**
 * Something wrong in the course's content (lessons, the course file, quizzes, labs, keys), for its author:
 * the file, its 1-based line (0: the file as a whole), and what is wrong. An ERROR keeps the thing from
 * students (a lesson, a lab); a WARNING (a dead link, a missing image) leaves it served.
 */
public record Problem(Path file, int line, Severity severity, String message) {
    public enum Severity { ERROR, WARNING }

    public static Problem error(Path file, int line, String message) {
        return new Problem(file, line, Severity.ERROR, message);
    }

    public static Problem warning(Path file, int line, String message) {
        return new Problem(file, line, Severity.WARNING, message);
    }

    public boolean isError() { return severity == Severity.ERROR; }

    /** The same problem with the file named differently (relative to where a command runs, say). */
    public Problem in(Path shown) {
        return new Problem(shown, line, severity, message);
    }

    /** {@code file:line: error: message}, the form compilers use, so editors can jump to it. */
    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + (isError() ? "error: " : "warning: ") + message;
    }
}
