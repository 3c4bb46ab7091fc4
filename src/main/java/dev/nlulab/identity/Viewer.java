package dev.nlulab.identity;

/**
 * Who is looking. Every grader method that returns scores takes one, so that a student can never be
 * handed a private score before the exercise's results are revealed: the rule lives here, not in pages.
 */
public record Viewer(long userId, boolean instructor) {
    public static Viewer student(long userId) { return new Viewer(userId, false); }

    public static Viewer instructor(long userId) { return new Viewer(userId, true); }

    /** The user as a viewer: an instructor (or admin) sees what instructors see. */
    public static Viewer of(User user) { return new Viewer(user.id(), user.isInstructor()); }
}
