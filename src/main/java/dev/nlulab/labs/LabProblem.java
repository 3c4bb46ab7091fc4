package dev.nlulab.labs;

import java.nio.file.Path;

/** One thing wrong in a lab's files, for the instructor: which file, which line (0: the whole file), what. */
public record LabProblem(Path file, int line, String message) {
    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
    }
}
