package dev.nlulab.grader;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** Names of students for boards and exports; the accounts feature provides it (display name or e-mail). */
@FunctionalInterface
public interface StudentDirectory {
    String name(long userId);

    /** The names of several students; a directory backed by a database looks them up at once. */
    default Map<Long, String> names(Collection<Long> userIds) {
        Map<Long, String> out = new HashMap<>();
        for (long id : userIds) out.put(id, name(id));
        return out;
    }
}
