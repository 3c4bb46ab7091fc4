package dev.nlulab.grader;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** Students as boards and grade exports name them; the accounts feature provides it. */
@FunctionalInterface
public interface StudentDirectory {
    /** Who a student is: id, display name and email address. */
    record Student(long id, String name, String email) {}

    /** The student with this id; a stand-in naming the id when the account is gone. */
    Student student(long userId);

    default String name(long userId) { return student(userId).name(); }

    /** The names of several students; a directory backed by a database looks them up at once. */
    default Map<Long, String> names(Collection<Long> userIds) {
        Map<Long, String> out = new HashMap<>();
        for (long id : userIds) out.put(id, name(id));
        return out;
    }
}
