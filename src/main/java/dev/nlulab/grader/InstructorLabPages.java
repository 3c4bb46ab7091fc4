package dev.nlulab.grader;

import dev.nlulab.accounts.UserStore;
import dev.nlulab.identity.Role;
import dev.nlulab.identity.User;
import dev.nlulab.identity.Viewer;
import dev.nlulab.labs.Exercise;
import dev.nlulab.labs.Lab;
import dev.nlulab.labs.LabCatalog;
import dev.nlulab.web.CourseTime;
import dev.nlulab.web.Feature;
import dev.nlulab.web.Router;
import dev.nlulab.web.Web;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The instructor's lab pages: every submission of an exercise with its class figures, regrades and extensions.
 * Instructors see every score all along. (The gradebook, the exports and the grades overview: {@link GradesPages}.)
 */
public final class InstructorLabPages implements Feature {
    private final LabRequests requests;
    private final SubmissionService submissions;
    private final ClassFigures figures;
    private final UserStore users;
    private final CourseTime courseTime;

    public InstructorLabPages(LabCatalog labs, SubmissionService submissions, LeaderboardService boards, StudentDirectory students, UserStore users,
                              CourseTime courseTime) {
        this.requests = new LabRequests(labs);
        this.submissions = submissions;
        this.figures = new ClassFigures(submissions, boards, students);
        this.users = users;
        this.courseTime = courseTime;
    }

    @Override
    public void routes(Router r) {
        r.get("/labs/{lab}/{exercise}/submissions", Role.INSTRUCTOR, this::allSubmissions);
        r.post("/labs/{lab}/{exercise}/submissions/{id}/regrade", Role.INSTRUCTOR, this::regradeOne);
        r.post("/labs/{lab}/{exercise}/regrade", Role.INSTRUCTOR, this::regradeAll);
        r.post("/labs/{lab}/{exercise}/extensions", Role.INSTRUCTOR, this::extend);
    }

    /** One row of the instructor's submissions table (all scores: instructors see them all along). */
    public record SubmissionRow(SubmissionView s, StatusPill status, String student, String when, String publicScore, List<String> publicReported,
                                String privateScore, List<String> privateReported, String overallScore, List<String> problems) {}

    /** A granted extension as the instructor's page lists it. */
    public record ExtensionRow(String student, String deadline) {}

    private void allSubmissions(Context ctx) {
        Lab lab = requests.lab(ctx);
        Exercise ex = LabRequests.exercise(ctx, lab);
        Viewer viewer = Web.viewer(ctx);
        Map<Long, String> names = new HashMap<>();
        List<SubmissionRow> rows = submissions.ofExercise(viewer, lab.id(), ex.id()).stream()
                .map(s -> new SubmissionRow(s, StatusPill.of(s.status()), names.computeIfAbsent(s.userId(), this::name), courseTime.format(s.submittedAt()),
                        Format.score(s.publicScore()), Format.reported(s, false), Format.score(s.privateScore()), Format.reported(s, true),
                        Format.score(s.overallScore()), Format.problems(s)))
                .toList();
        Map<String, Object> model = new HashMap<>();
        model.put("lab", lab);
        model.put("ex", ex);
        model.put("rows", Format.newestFirst(rows));
        model.put("stats", figures.of(viewer, lab, ex));
        model.put("students", students());
        model.put("deadline", courseTime.format(lab.deadline()));
        model.put("deadlineInput", LocalDateTime.ofInstant(lab.deadline(), courseTime.zone()).toString());
        model.put("latestInput", LocalDateTime.ofInstant(lab.closes(), courseTime.zone()).plusYears(1).toString());
        model.put("extensions", submissions.extensions(viewer, lab.id(), ex.id()).stream()
                .map(e -> new ExtensionRow(names.computeIfAbsent(e.userId(), this::name), courseTime.format(e.deadline()))).toList());
        Web.render(ctx, "lab-submissions", model);
    }

    private List<User> students() {
        return users.all().stream().filter(u -> u.role() == Role.STUDENT).toList();
    }

    private String name(long userId) {
        return users.byId(userId).map(User::displayName).orElse("user " + userId);
    }

    private void regradeOne(Context ctx) throws IOException {
        Lab lab = requests.lab(ctx);
        Exercise ex = LabRequests.exercise(ctx, lab);
        long id = LabRequests.submissionId(ctx.pathParam("id"));
        try {
            SubmissionView s = submissions.regrade(Web.viewer(ctx), id);
            Web.flash(ctx, "Submission " + id + " regraded: " + StatusPill.of(s.status()).label()
                    + (s.publicScore() == null ? "" : ", public " + Format.score(s.publicScore()) + ", private " + Format.score(s.privateScore())) + ".");
        } catch (NoSuchElementException e) {
            throw new NotFoundResponse("There is no such submission.");
        }
        ctx.redirect("/labs/" + lab.id() + "/" + ex.id() + "/submissions");
    }

    private void regradeAll(Context ctx) throws IOException {
        Lab lab = requests.lab(ctx);
        Exercise ex = LabRequests.exercise(ctx, lab);
        int n = submissions.regradeAll(Web.viewer(ctx), lab.id(), ex.id());
        Web.flash(ctx, n + " submission" + (n == 1 ? "" : "s") + " of " + ex.title() + " regraded with the current key.");
        ctx.redirect("/labs/" + lab.id() + "/" + ex.id() + "/submissions");
    }

    private void extend(Context ctx) {
        Lab lab = requests.lab(ctx);
        Exercise ex = LabRequests.exercise(ctx, lab);
        long userId = LabRequests.submissionId(ctx.formParam("user"));
        User student = users.byId(userId).orElseThrow(() -> new BadRequestResponse("Choose a student."));
        String text = ctx.formParam("deadline") == null ? "" : ctx.formParam("deadline").trim();
        try {
            Instant deadline = LocalDateTime.parse(text).atZone(courseTime.zone()).toInstant();
            submissions.grantExtension(Web.viewer(ctx), userId, lab.id(), ex.id(), deadline);
            Web.flash(ctx, student.displayName() + " may submit " + ex.title() + " until " + courseTime.format(deadline) + ".");
        } catch (DateTimeParseException e) {
            Web.flash(ctx, "Not granted: the new deadline must be a date and time like 2026-12-20T23:59, was " + Format.quote(text) + ".");
        } catch (IllegalArgumentException e) {
            Web.flash(ctx, "Not granted to " + student.displayName() + ": " + e.getMessage() + ".");
        }
        ctx.redirect("/labs/" + lab.id() + "/" + ex.id() + "/submissions", HttpStatus.SEE_OTHER);
    }
}
