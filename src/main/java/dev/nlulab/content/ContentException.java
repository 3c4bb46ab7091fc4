package dev.nlulab.content;

/**
 * A mistake in an author's file at a 1-based line: YAML that is not valid or has the wrong shape (thrown
 * by {@link YamlNode}), or a value that makes no sense (thrown by the loaders). The message says what is
 * wrong without the file and line, which the {@link Problem} made from it carries.
 */
public final class ContentException extends Exception {
    private final int line;

    public ContentException(int line, String message) {
        super(message);
        this.line = line;
    }

    public int line() { return line; }

    /** The problem as an error in {@code file}. */
    public Problem in(java.nio.file.Path file) {
        return Problem.error(file, line, getMessage());
    }
}
