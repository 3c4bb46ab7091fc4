package dev.nlulab.grader;

/** Names of students for boards and exports; the accounts feature provides it (display name or e-mail). */
@FunctionalInterface
public interface StudentDirectory {
    String name(long userId);
}
