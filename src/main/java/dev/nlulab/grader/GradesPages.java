package dev.nlulab.grader;

import dev.nlulab.identity.Role;
import dev.nlulab.identity.Viewer;
import dev.nlulab.labs.Exercise;
import dev.nlulab.labs.Lab;
import dev.nlulab.labs.LabCatalog;
import dev.nlulab.web.CourseTime;
import dev.nlulab.web.Feature;
import dev.nlulab.web.NavItem;
import dev.nlulab.web.Router;
import dev.nlulab.web.SafeMarkdown;
import dev.nlulab.web.Web;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Grades as people use them: a student's own grades (every exercise's best and final score, points, rank,
 * deadline, write-up, regrade requests) and an instructor's gradebook of a lab (every student on the roster
 * by every exercise, filtered on the server and sorted by a small script; the exports; regrade requests to
 * answer; suspicious duplicates). {@code /grades} is the student's page for a student and the class overview
 * for an instructor.
 */
public final class GradesPages implements Feature {
    private final LabCatalog labs;
    private final LabRequests requests;
    private final SubmissionService submissions;
    private final ClassFigures figures;
    private final StudentGrades studentGrades;
    private final GradebookService gradebooks;
    private final GradeExport export;
    private final RegradeRequests regrades;
    private final Duplicates duplicates;
    private final StudentDirectory students;
    private final CourseTime courseTime;
    private final SafeMarkdown writeups = SafeMarkdown.forStudentText();

    public GradesPages(LabCatalog labs, SubmissionService submissions, LeaderboardService boards, RegradeRequests regrades, StudentDirectory students,
                       CourseTime courseTime) {
        this.labs = labs;
        this.requests = new LabRequests(labs);
        this.submissions = submissions;
        this.figures = new ClassFigures(submissions, boards, students);
        this.studentGrades = new StudentGrades(labs, submissions, boards, regrades);
        this.gradebooks = new GradebookService(submissions, students);
        this.export = new GradeExport(gradebooks);
        this.regrades = regrades;
        this.duplicates = new Duplicates(submissions);
        this.students = students;
        this.courseTime = courseTime;
    }

    @Override
    public List<NavItem> nav() {
        return List.of(new NavItem("Grades", "/grades", Role.STUDENT, 70));
    }

    @Override
    public void routes(Router r) {
        r.get("/grades", Role.STUDENT, this::grades);
        r.get("/labs/{lab}/gradebook", Role.INSTRUCTOR, this::gradebook);
        r.get("/labs/{lab}/grades.csv", Role.INSTRUCTOR, ctx -> csv(ctx, "grades", export::write));
        r.get("/labs/{lab}/grades-canvas.csv", Role.INSTRUCTOR, ctx -> csv(ctx, "grades-canvas", export::writeCanvas));
        r.post("/labs/{lab}/{exercise}/regrade-requests", Role.STUDENT, this::ask);
        r.post("/labs/{lab}/regrade-requests/{id}", Role.INSTRUCTOR, this::answer);
    }

    // ---- a student's own grades

    /** One exercise on My grades, as the page writes it. */
    public record MyExercise(StudentGrades.ExerciseGrade g, String best, String finalScore, String points, String possible, String deadline,
                             String writeupHtml, List<MyRequest> requests, List<Choice> choices) {}

    /** A regrade request as its student reads it. */
    public record MyRequest(RegradeRequest r, String askedAt, String answeredAt) {}

    /** A submission a regrade request may name. */
    public record Choice(long id, String label, boolean isFinal) {}

    public record MyLab(Lab lab, List<MyExercise> exercises) {}

    private void grades(Context ctx) {
        Viewer viewer = Web.viewer(ctx);
        if (viewer.instructor()) {
            List<ClassFigures.Stats> stats = new ArrayList<>();
            for (Lab lab : labs.labs()) for (Exercise ex : lab.exercises()) stats.add(figures.of(viewer, lab, ex));
            Web.render(ctx, "grades", Map.of("stats", stats));
            return;
        }
        List<MyLab> labs = new ArrayList<>();
        for (StudentGrades.LabGrades lg : studentGrades.of(viewer)) {
            List<MyExercise> exercises = new ArrayList<>();
            for (StudentGrades.ExerciseGrade g : lg.exercises()) {
                List<Choice> choices = g.own().stream().map(s -> new Choice(s.id(), "#" + s.id() + ", " + courseTime.format(s.submittedAt())
                        + ", " + StatusPill.of(s.status()).label() + (g.finalId() != null && g.finalId() == s.id() ? " (final)" : ""),
                        g.finalId() != null && g.finalId() == s.id())).toList();
                exercises.add(new MyExercise(g, Format.score(g.best()), Format.score(g.finalScore()),
                        g.points() == null ? "–" : String.format(Locale.ROOT, "%.2f", g.points()), Format.bound(g.exercise().points()),
                        courseTime.format(g.deadline()),
                        g.writeup() == null ? null : writeups.html(g.writeup()),
                        g.requests().stream().map(r -> new MyRequest(r, courseTime.format(r.askedAt()), r.answeredAt() == null ? null : courseTime.format(r.answeredAt()))).toList(),
                        choices));
            }
            labs.add(new MyLab(lg.lab(), exercises));
        }
        Web.render(ctx, "my-grades", Map.of("labs", labs, "reasonMax", RegradeRequests.MAX_CHARS));
    }

    private void ask(Context ctx) {
        Lab lab = requests.lab(ctx);
        Exercise ex = LabRequests.exercise(ctx, lab);
        long id = LabRequests.submissionId(ctx.formParam("submission"));
        Viewer viewer = Web.viewer(ctx);
        submissions.find(viewer, id).filter(s -> s.userId() == viewer.userId() && s.labId().equals(lab.id()) && s.exerciseId().equals(ex.id()))
                .orElseThrow(() -> new NotFoundResponse("There is no such submission."));
        try {
            regrades.ask(viewer, id, ctx.formParam("reason"));
            Web.flash(ctx, "Your regrade request about submission #" + id + " is sent; the answer will show here.");
        } catch (NoSuchElementException e) {
            throw new NotFoundResponse("There is no such submission.");
        } catch (IllegalArgumentException e) {
            Web.flash(ctx, "Not sent: " + e.getMessage() + ".");
        }
        ctx.redirect("/grades#" + lab.id() + "-" + ex.id(), HttpStatus.SEE_OTHER);
    }

    // ---- an instructor's gradebook

    /** One cell of the gradebook page; the {@code *Value}s are what the script sorts by. */
    public record Cell(String score, double scoreValue, String points, double pointsValue, boolean late, int attempts, boolean submitted,
                       String writeupHtml, boolean flagged) {}

    public record Row(long id, String name, String email, List<Cell> cells, String total, double totalValue) {}

    /** A regrade request as the instructor answers it. */
    public record RequestRow(RegradeRequest r, String student, String exercise, String askedAt, String answeredAt, String score) {}

    /** A flagged pair as the instructor reads it. */
    public record PairRow(Duplicates.Pair p, String a, String b, String agreement) {}

    private void gradebook(Context ctx) {
        Lab lab = requests.lab(ctx);
        Viewer viewer = Web.viewer(ctx);
        Gradebook book = gradebooks.gradebook(viewer, lab.id());
        List<Duplicates.Pair> pairs = duplicates.of(viewer, lab.id());
        Set<Long> flagged = new HashSet<>();
        pairs.forEach(p -> { flagged.add(p.submissionA()); flagged.add(p.submissionB()); });
        String q = ctx.queryParam("q") == null ? "" : ctx.queryParam("q").strip();
        String show = ctx.queryParam("show") == null ? "all" : ctx.queryParam("show");
        List<Row> rows = new ArrayList<>();
        for (Gradebook.Row row : book.rows()) {
            List<Cell> cells = row.cells().stream().map(c -> new Cell(Format.score(c.score()), c.submitted() ? c.score() : -1,
                    c.submitted() ? String.format(Locale.ROOT, "%.2f", c.points()) : "–", c.submitted() ? c.points() : -1, c.late(), c.attempts(),
                    c.submitted(), c.writeup() == null ? null : writeups.html(c.writeup()), c.finalId() != null && flagged.contains(c.finalId()))).toList();
            Row shown = new Row(row.student().id(), row.student().displayName(), row.student().email(), cells,
                    String.format(Locale.ROOT, "%.2f", row.totalPoints()), row.totalPoints());
            if (matches(shown, q, show)) rows.add(shown);
        }
        Map<Long, String> names = new HashMap<>();
        Map<String, Object> model = new HashMap<>();
        model.put("lab", lab);
        model.put("rows", rows);
        model.put("all", book.rows().size());
        model.put("q", q);
        model.put("show", show);
        model.put("requests", regrades.ofLab(viewer, lab.id()).stream().map(r -> new RequestRow(r, names.computeIfAbsent(r.userId(), students::name),
                lab.exercise(r.exerciseId()).map(Exercise::title).orElse(r.exerciseId()), courseTime.format(r.askedAt()),
                r.answeredAt() == null ? null : courseTime.format(r.answeredAt()), scoreOf(viewer, r.submissionId()))).toList());
        model.put("pairs", pairs.stream().map(p -> new PairRow(p, names.computeIfAbsent(p.userA(), students::name), names.computeIfAbsent(p.userB(), students::name),
                Math.round(p.agreement() * 1000) / 10.0 + "%")).toList());
        model.put("answerMax", RegradeRequests.MAX_CHARS);
        Web.render(ctx, "gradebook", model);
    }

    /** What a request's submission got, as the instructor reads it beside the request. */
    private String scoreOf(Viewer viewer, long submissionId) {
        return submissions.find(viewer, submissionId).map(s -> StatusPill.of(s.status()).label()
                + (s.publicScore() == null ? "" : ", public " + Format.score(s.publicScore()) + ", private " + Format.score(s.privateScore()))).orElse("–");
    }

    /** The gradebook's filter: a name or e-mail containing {@code q}, and one of all, missing (no graded submission), late, flagged. */
    private static boolean matches(Row row, String q, String show) {
        String needle = q.toLowerCase(Locale.ROOT);
        if (!needle.isEmpty() && !row.name().toLowerCase(Locale.ROOT).contains(needle) && !row.email().toLowerCase(Locale.ROOT).contains(needle)) return false;
        return switch (show) {
            case "missing" -> row.cells().stream().anyMatch(c -> !c.submitted());
            case "late" -> row.cells().stream().anyMatch(Cell::late);
            case "flagged" -> row.cells().stream().anyMatch(Cell::flagged);
            default -> true;
        };
    }

    private void answer(Context ctx) throws IOException {
        Lab lab = requests.lab(ctx);
        long id = LabRequests.submissionId(ctx.pathParam("id"));
        boolean regrade = "on".equals(ctx.formParam("regrade")) || "true".equals(ctx.formParam("regrade"));
        try {
            RegradeRequest r = regrades.answer(Web.viewer(ctx), lab.id(), id, ctx.formParam("answer"), regrade);
            Web.flash(ctx, "Answered " + students.name(r.userId()) + "'s request about submission #" + r.submissionId()
                    + (r.regraded() ? ", regraded with the current key" : "") + ".");
        } catch (NoSuchElementException e) {
            throw new NotFoundResponse("There is no such regrade request.");
        } catch (IllegalArgumentException e) {
            Web.flash(ctx, "Not answered: " + e.getMessage() + ".");
        }
        ctx.redirect("/labs/" + lab.id() + "/gradebook#requests", HttpStatus.SEE_OTHER);
    }

    @FunctionalInterface
    private interface CsvWriter {
        void write(Viewer viewer, String labId, java.io.Writer out) throws IOException;
    }

    private void csv(Context ctx, String name, CsvWriter writer) throws IOException {
        Lab lab = requests.lab(ctx);
        StringWriter out = new StringWriter();
        writer.write(Web.viewer(ctx), lab.id(), out);
        ctx.header("Content-Disposition", "attachment; filename=\"" + lab.id() + "-" + name + ".csv\"");
        ctx.contentType("text/csv; charset=utf-8");
        ctx.result(out.toString());
    }
}
