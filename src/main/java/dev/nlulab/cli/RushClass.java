package dev.nlulab.cli;

import dev.nlulab.accounts.RosterImport;
import dev.nlulab.identity.Role;
import dev.nlulab.identity.Session;
import dev.nlulab.identity.Tokens;
import dev.nlulab.identity.User;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A class of students already signed in, made through the platform's own services: a roster import (no password
 * hashing) and a session each, as a browser holds it (the cookie and the form token), plus the instructor a set-up
 * course has. For load that must not spend its time on sign-ins.
 */
public record RushClass(List<Student> students) {
    /** A signed-in student: what a browser sends with each form. */
    public record Student(long id, String cookie, String csrf) {}

    public static RushClass seed(Platform platform, int size) {
        StringBuilder roster = new StringBuilder("email,name,role\n");
        for (int i = 1; i <= size; i++) roster.append("rush").append(i).append("@example.org,Rush ").append(i).append(",student\n");
        RosterImport.Report report = new RosterImport(platform.db().jdbi(), Clock.systemUTC()).run(roster.toString().getBytes(StandardCharsets.UTF_8));
        if (report.fileRejected() || report.created() != size)
            throw new IllegalStateException("the class was not imported: " + (report.fileRejected() ? report.fileError() : report.rows()));
        if (platform.accounts().users().byEmail("teacher@example.org").isEmpty())
            platform.accounts().createUser("teacher@example.org", "Teacher", Tokens.secret(), Role.INSTRUCTOR);
        List<Student> students = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            User u = platform.accounts().users().byEmail("rush" + i + "@example.org").orElseThrow();
            Session s = platform.accounts().sessions().open(u);
            students.add(new Student(u.id(), "nlulab_session=" + s.token(), s.csrfToken()));
        }
        return new RushClass(List.copyOf(students));
    }
}
