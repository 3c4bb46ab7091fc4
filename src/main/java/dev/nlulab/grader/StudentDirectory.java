package dev.nlulab.grader;

import dev.nlulab.identity.User;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The course's students as boards, grades and exports see them; the accounts feature provides it. */
public interface StudentDirectory {
    /** A user's name for boards and exports (display name or e-mail). */
    String name(long userId);

    /** The names of several students; a directory backed by a database looks them up at once. */
    default Map<Long, String> names(Collection<Long> userIds) {
        Map<Long, String> out = new HashMap<>();
        for (long id : userIds) out.put(id, name(id));
        return out;
    }

    /** Every student on the roster (role student), whether they submitted or not. */
    List<User> students();
}
