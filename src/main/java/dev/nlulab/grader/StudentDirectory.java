package dev.nlulab.grader;

/** Students as boards and grade exports name them; the accounts feature provides it. */
@FunctionalInterface
public interface StudentDirectory {
    /** Who a student is: id, display name and email address. */
    record Student(long id, String name, String email) {}

    /** The student with this id; a stand-in naming the id when the account is gone. */
    Student student(long userId);

    default String name(long userId) { return student(userId).name(); }
}
