package dev.nlulab.grader;

import dev.nlulab.identity.User;

import java.util.List;

/** The course's students as grades see them; the accounts feature provides it. */
public interface StudentDirectory {
    /** A user's name for boards and exports (display name or e-mail). */
    String name(long userId);

    /** Every student on the roster (role student), whether they submitted or not. */
    List<User> students();
}
