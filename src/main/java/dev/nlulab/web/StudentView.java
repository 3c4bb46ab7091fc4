package dev.nlulab.web;

import dev.nlulab.identity.Role;
import dev.nlulab.identity.Session;
import dev.nlulab.identity.User;
import io.javalin.http.Context;

/**
 * An instructor sees any page as a student sees it, without a second account: a cookie asks for the
 * student's view, and the server then treats the request as the instructor's own account with the
 * student role (no instructor panels, routes or private scores). The cookie can only lower a role: it
 * is read for instructors and admins alone, and a student who sets it changes nothing.
 */
public final class StudentView implements Feature {
    static final String COOKIE = "nlulab_view";
    private static final String STUDENT = "student";

    /** The session as this request should see it: the user with the student role when an instructor asked for that view. */
    static Session effective(Context ctx, Session s) {
        if (!s.user().isInstructor() || !STUDENT.equals(ctx.cookie(COOKIE))) return s;
        ctx.attribute(Web.REAL_USER_ATTR, s.user());
        User u = s.user();
        return new Session(s.token(), new User(u.id(), u.email(), u.displayName(), Role.STUDENT, u.createdAt()), s.csrfToken(), s.expiresAt());
    }

    @Override
    public void routes(Router r) {
        r.post("/view-as/student", Role.INSTRUCTOR, ctx -> {
            Web.cookie(ctx, COOKIE, STUDENT, -1);
            back(ctx);
        });
        // A student's route: in the student's view the instructor holds the student role. Clearing the
        // cookie only ever returns someone to their own role.
        r.post("/view-as/instructor", Role.STUDENT, ctx -> {
            Web.cookie(ctx, COOKIE, "", 0);
            back(ctx);
        });
    }

    private static void back(Context ctx) {
        ctx.redirect(LocalRedirect.target(ctx.formParam("next")));
    }
}
