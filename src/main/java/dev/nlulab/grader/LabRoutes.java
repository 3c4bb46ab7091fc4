package dev.nlulab.grader;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nlulab.accounts.Role;
import dev.nlulab.accounts.User;
import dev.nlulab.accounts.UserStore;
import dev.nlulab.jobs.Job;
import dev.nlulab.jobs.JobRejectedException;
import dev.nlulab.jobs.JobService;
import dev.nlulab.jobs.SpecCheck;
import dev.nlulab.labs.Exercise;
import dev.nlulab.labs.Lab;
import dev.nlulab.labs.LabCatalog;
import dev.nlulab.labs.LabProblem;
import dev.nlulab.labs.Parameter;
import dev.nlulab.web.CourseTime;
import dev.nlulab.web.Feature;
import dev.nlulab.web.NavItem;
import dev.nlulab.web.Router;
import dev.nlulab.web.SafeMarkdown;
import dev.nlulab.web.Web;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.UploadedFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The lab pages: the list of labs, a lab with its README, data files and one panel per exercise
 * (upload or job form, attempts, history, final choice), leaderboards, and the instructor's tables
 * (every submission, regrades, extensions, grade export, class statistics). Scores reach a page only
 * through {@link SubmissionView} and {@link Board}, which hide private scores until they are revealed.
 */
public final class LabRoutes implements Feature {
    /** A data file name: no folders, no leading dot, so no way out of labs/&lt;id&gt;/data/. */
    private static final Pattern DATA_FILE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LabCatalog labs;
    private final SubmissionService submissions;
    private final LeaderboardService boards;
    private final GradeExport grades;
    private final JobService jobs;
    private final UserStore users;
    private final Clock clock;
    private final SafeMarkdown readme = new SafeMarkdown();

    public LabRoutes(LabCatalog labs, SubmissionService submissions, LeaderboardService boards, GradeExport grades,
                     JobService jobs, UserStore users, Clock clock) {
        this.labs = labs;
        this.submissions = submissions;
        this.boards = boards;
        this.grades = grades;
        this.jobs = jobs;
        this.users = users;
        this.clock = clock;
    }

    @Override
    public List<NavItem> nav() {
        return List.of(new NavItem("Labs", "/labs", Role.STUDENT, 20), new NavItem("Grades", "/grades", Role.INSTRUCTOR, 70));
    }

    @Override
    public void routes(Router r) {
        r.get("/labs", Role.STUDENT, this::list);
        r.get("/labs/{lab}", Role.STUDENT, ctx -> labPage(ctx, Map.of()));
        r.get("/labs/{lab}/data/{file}", Role.STUDENT, this::dataFile);
        r.post("/labs/{lab}/{exercise}/submissions", Role.STUDENT, this::upload);
        r.post("/labs/{lab}/{exercise}/jobs", Role.STUDENT, this::startJob);
        r.post("/labs/{lab}/{exercise}/final", Role.STUDENT, this::chooseFinal);
        r.get("/labs/{lab}/{exercise}/submissions/{id}/file", Role.STUDENT, this::submittedFile);
        r.get("/labs/{lab}/{exercise}/leaderboard", Role.STUDENT, this::leaderboard);
        r.get("/labs/{lab}/{exercise}/leaderboard.json", Role.STUDENT, this::leaderboardJson);
        r.get("/labs/{lab}/{exercise}/submissions", Role.INSTRUCTOR, this::allSubmissions);
        r.post("/labs/{lab}/{exercise}/submissions/{id}/regrade", Role.INSTRUCTOR, this::regradeOne);
        r.post("/labs/{lab}/{exercise}/regrade", Role.INSTRUCTOR, this::regradeAll);
        r.post("/labs/{lab}/{exercise}/extensions", Role.INSTRUCTOR, this::extend);
        r.get("/labs/{lab}/grades.csv", Role.INSTRUCTOR, this::gradesCsv);
        r.get("/grades", Role.INSTRUCTOR, this::gradesPage);
    }

    // ---- pages for students

    /** One lab on the list: its dates in the lab's time zone and the viewer's best public score per exercise. */
    public record LabCard(Lab lab, String opens, String deadline, String closes, boolean past, List<String> best) {}

    private void list(Context ctx) {
        Viewer viewer = viewer(ctx);
        List<LabCard> cards = new ArrayList<>();
        for (Lab lab : labs.labs()) {
            List<String> best = new ArrayList<>();
            for (Exercise ex : lab.exercises()) {
                submissions.history(viewer, lab.id(), ex.id()).stream().map(SubmissionView::publicScore).filter(s -> s != null)
                        .max(Double::compare).ifPresent(s -> best.add(ex.title() + ": " + Format.score(s)));
            }
            cards.add(new LabCard(lab, lab.opens() == null ? null : Format.time(lab.opens()), Format.time(lab.deadline()),
                    Format.time(lab.closes()), clock.instant().isAfter(lab.deadline()), best));
        }
        Map<String, Object> model = new HashMap<>();
        model.put("labs", cards);
        if (Web.me(ctx).isInstructor()) model.put("problems", problems());
        Web.render(ctx, "labs", model);
    }

    /** A lab problem as an instructor reads it: the file relative to the course folder. */
    public record ProblemLine(String lab, String file, int line, String message) {}

    private List<ProblemLine> problems() {
        List<ProblemLine> out = new ArrayList<>();
        labs.problems().forEach((id, list) -> {
            for (LabProblem p : list) out.add(new ProblemLine(id, shortPath(p.file()), p.line(), p.message()));
        });
        return out;
    }

    private static String shortPath(Path file) {
        int n = file.getNameCount();
        return n >= 3 ? file.subpath(n - 3, n).toString() : file.toString();
    }

    /** What happened to the last thing sent to an exercise, shown in its panel. */
    public record Outcome(String kind, String message, List<String> problems, String score, Integer rank, Integer of, Long jobId) {
        static Outcome refused(String message) { return new Outcome("refused", message, List.of(), null, null, null, null); }
    }

    /** One field of a job form, generated from the exercise's parameter schema. */
    public record FormField(String name, String type, String min, String max, String step, List<String> values,
                            String value, String defaultValue, String description, String error) {}

    /** A row of a student's own history. */
    public record HistoryRow(long id, String when, String status, String publicScore, String privateScore, boolean late,
                             boolean chosen, boolean graded, Long jobId, List<String> problems, boolean hasFile) {}

    /** Everything one exercise's panel shows. */
    public record Panel(Exercise ex, String points, Attempts attempts, String deadline, String resetsAt, boolean revealed,
                        List<HistoryRow> history, List<FormField> fields, Outcome outcome, boolean chosenSelection) {}

    /** A public data file of the lab. */
    public record DataFile(String name, String size) {}

    /** {@code state}: per exercise id, the outcome and, for a job form sent back, its values and errors. */
    private record PanelState(Outcome outcome, Map<String, String> values, Map<String, String> errors) {}

    private void labPage(Context ctx, Map<String, PanelState> state) throws IOException {
        Lab lab = lab(ctx);
        Viewer viewer = viewer(ctx);
        List<Panel> panels = new ArrayList<>();
        for (Exercise ex : lab.exercises()) {
            PanelState st = state.getOrDefault(ex.id(), new PanelState(null, Map.of(), Map.of()));
            Attempts a = submissions.attempts(viewer.userId(), lab.id(), ex.id());
            boolean revealed = !clock.instant().isBefore(submissions.revealAt(lab, ex));
            List<HistoryRow> history = submissions.history(viewer, lab.id(), ex.id()).stream().map(s -> historyRow(s, lab)).toList();
            panels.add(new Panel(ex, Format.bound(ex.points()), a, Format.time(a.deadline()), Format.time(a.resetsAt()), revealed,
                    newestFirst(history), fields(ex, st.values(), st.errors()), st.outcome(),
                    ex.finalSelection() == Exercise.FinalSelection.CHOSEN));
        }
        String html = Files.isRegularFile(lab.readme()) ? readme.html(Files.readString(lab.readme(), StandardCharsets.UTF_8)) : "";
        Map<String, Object> model = new HashMap<>();
        model.put("lab", lab);
        model.put("readme", html);
        model.put("files", dataFiles(lab));
        model.put("panels", panels);
        model.put("deadline", Format.time(lab.deadline()));
        model.put("closes", Format.time(lab.closes()));
        model.put("late", lateRule(lab));
        Web.render(ctx, "lab", model);
    }

    private static String lateRule(Lab lab) {
        return lab.late().kind() == Lab.LatePolicy.Kind.PENALTY
                ? "late submissions are scored with a " + Math.round(lab.late().penalty() * 100) + "% penalty"
                : "late submissions are scored but left off the leaderboards";
    }

    private HistoryRow historyRow(SubmissionView s, Lab lab) {
        List<String> problems = s.message() == null ? List.of() : List.of(s.message().split("\n"));
        return new HistoryRow(s.id(), Format.time(s.submittedAt()), s.status(), Format.score(s.publicScore()),
                Format.score(s.privateScore()), s.late(), s.chosenFinal(), "GRADED".equals(s.status()), s.jobId(), problems,
                "predictions".equals(s.kind()) || "GRADED".equals(s.status()));
    }

    private static List<FormField> fields(Exercise ex, Map<String, String> values, Map<String, String> errors) {
        if (ex.kind() != Exercise.Kind.JOB) return List.of();
        List<FormField> out = new ArrayList<>();
        for (Parameter p : ex.parameters().parameters()) {
            String def = p.defaultValue() == null ? "" : p.defaultValue().toString();
            String type = switch (p.type()) {
                case INT, NUMBER -> "number";
                case ENUM -> "enum";
                case BOOL -> "bool";
                default -> "text";
            };
            List<String> choices = p.type() == Parameter.Type.BOOL ? List.of("true", "false") : p.values();
            out.add(new FormField(p.name(), type, Format.bound(p.min()), Format.bound(p.max()), p.type() == Parameter.Type.INT ? "1" : "any",
                    choices, values.getOrDefault(p.name(), def), def, p.description(), errors.get(p.name())));
        }
        return out;
    }

    private static List<DataFile> dataFiles(Lab lab) throws IOException {
        if (!Files.isDirectory(lab.dataDir())) return List.of();
        try (Stream<Path> s = Files.list(lab.dataDir())) {
            return s.filter(Files::isRegularFile).filter(f -> DATA_FILE.matcher(f.getFileName().toString()).matches())
                    .sorted().map(f -> new DataFile(f.getFileName().toString(), Format.size(f))).toList();
        }
    }

    /** Only a plain file name directly under labs/&lt;id&gt;/data/; anything else is "not found". */
    private void dataFile(Context ctx) throws IOException {
        Lab lab = lab(ctx);
        String name = ctx.pathParam("file");
        if (!DATA_FILE.matcher(name).matches()) throw new NotFoundResponse("There is no such data file.");
        Path dir = lab.dataDir().toAbsolutePath().normalize();
        Path file = dir.resolve(name).normalize();
        if (!file.getParent().equals(dir) || !Files.isRegularFile(file) || !file.toRealPath().startsWith(dir.toRealPath())) {
            throw new NotFoundResponse("There is no such data file.");
        }
        ctx.header("Content-Disposition", "attachment; filename=\"" + name + "\"");
        ctx.contentType(name.endsWith(".jsonl") || name.endsWith(".json") ? "application/x-ndjson" : "text/plain; charset=utf-8");
        ctx.result(Files.newInputStream(file));
    }

    private void upload(Context ctx) throws IOException {
        Lab lab = lab(ctx);
        Exercise ex = exercise(ctx, lab);
        Viewer viewer = viewer(ctx);
        Outcome outcome;
        UploadedFile file = ctx.uploadedFile("predictions");
        if (file == null || file.size() == 0) {
            ctx.status(422);
            outcome = Outcome.refused("Choose a predictions file to upload.");
        } else {
            try (InputStream in = file.content()) {
                SubmissionView s = submissions.submitPredictions(viewer, lab.id(), ex.id(), file.filename(), in);
                outcome = outcomeOf(viewer, lab, ex, s);
                if (!"GRADED".equals(s.status())) ctx.status(422);
            } catch (SubmissionRefusedException e) {
                ctx.status(409);
                outcome = Outcome.refused("Not taken: " + e.getMessage() + ".");
            }
        }
        labPage(ctx, Map.of(ex.id(), new PanelState(outcome, Map.of(), Map.of())));
    }

    private Outcome outcomeOf(Viewer viewer, Lab lab, Exercise ex, SubmissionView s) {
        return switch (s.status()) {
            case "GRADED" -> {
                Board board = boards.publicBoard(viewer, lab.id(), ex.id());
                Integer rank = board.rows().stream().filter(Board.Row::you).map(Board.Row::rank).findFirst().orElse(null);
                String note = s.late() ? " (late: " + lateRule(lab) + ")" : "";
                yield new Outcome("graded", "Graded" + note + ".", List.of(), Format.score(s.publicScore()), rank, board.rows().size(), null);
            }
            case "INVALID" -> new Outcome("invalid", "This file was not graded and costs no submission. Fix these problems and upload it again:",
                    s.message() == null ? List.of() : List.of(s.message().split("\n")), null, null, null, null);
            case "PENDING" -> new Outcome("queued", "Job " + s.jobId() + " is queued; it is graded when it ends.", List.of(), null, null, null, s.jobId());
            default -> new Outcome("refused", "Could not be graded (this costs no submission): " + s.message(), List.of(), null, null, null, null);
        };
    }

    private void startJob(Context ctx) throws IOException {
        Lab lab = lab(ctx);
        Exercise ex = exercise(ctx, lab);
        if (ex.kind() != Exercise.Kind.JOB) throw new NotFoundResponse("This exercise takes a file, not a job.");
        Viewer viewer = viewer(ctx);
        Map<String, Object> form = new LinkedHashMap<>();
        Map<String, String> values = new LinkedHashMap<>();
        for (Parameter p : ex.parameters().parameters()) {
            String v = ctx.formParam(p.name());
            if (v != null) {
                form.put(p.name(), v);
                values.put(p.name(), v);
            }
        }
        Map<String, String> errors = new LinkedHashMap<>(ex.parameters().validate(form));
        Outcome outcome = null;
        if (errors.isEmpty()) {
            try {
                submissions.requireOpen(viewer, lab.id(), ex.id());
                ObjectNode spec = JSON.valueToTree(ex.parameters().resolve(form));
                Job job = jobs.submit(new JobService.JobRequest(viewer.userId(), lab.id(), ex.id(), ex.jobKind(), spec, null, lab.dataDir()));
                try {
                    outcome = outcomeOf(viewer, lab, ex, submissions.submitJob(viewer, lab.id(), ex.id(), job.id()));
                } catch (SubmissionRefusedException e) {
                    jobs.cancel(job.id()); // another request took the last attempt in between
                    throw e;
                }
            } catch (SubmissionRefusedException e) {
                outcome = Outcome.refused("Not started: " + e.getMessage() + ".");
            } catch (JobRejectedException e) {
                List<String> general = new ArrayList<>();
                for (SpecCheck.Problem p : e.problems()) {
                    String field = p.field().startsWith("spec.") ? p.field().substring("spec.".length()) : p.field();
                    if (values.containsKey(field) || ex.parameters().parameters().stream().anyMatch(q -> q.name().equals(field))) errors.put(field, p.message());
                    else general.add(p.message());
                }
                if (!general.isEmpty()) outcome = Outcome.refused("Not started: " + String.join("; ", general) + ".");
            }
        }
        if (!errors.isEmpty() && outcome == null) outcome = Outcome.refused("Not started: fix the fields marked below.");
        if (outcome == null || !"queued".equals(outcome.kind())) ctx.status(422);
        labPage(ctx, Map.of(ex.id(), new PanelState(outcome, values, errors)));
    }

    private void chooseFinal(Context ctx) {
        Lab lab = lab(ctx);
        Exercise ex = exercise(ctx, lab);
        long id = id(ctx.formParam("submission"));
        try {
            submissions.chooseFinal(viewer(ctx), id);
            Web.flash(ctx, "Submission " + id + " is now your final submission for " + ex.title() + ".");
        } catch (NoSuchElementException | SecurityException e) {
            throw new NotFoundResponse("There is no such submission.");
        } catch (IllegalArgumentException | SubmissionRefusedException e) {
            Web.flash(ctx, "Not changed: " + e.getMessage() + ".");
        }
        ctx.redirect("/labs/" + lab.id() + "#" + ex.id());
    }

    private void submittedFile(Context ctx) throws IOException {
        Lab lab = lab(ctx);
        Exercise ex = exercise(ctx, lab);
        SubmissionService.StoredFile f = submissions.file(viewer(ctx), id(ctx.pathParam("id")))
                .filter(s -> s.submission().labId().equals(lab.id()) && s.submission().exerciseId().equals(ex.id()))
                .orElseThrow(() -> new NotFoundResponse("There is no such submission."));
        String name = "submission-" + f.submission().id() + "-" + f.submission().userId() + f.path().getFileName().toString().replaceFirst("^[0-9]+", "");
        ctx.header("Content-Disposition", "attachment; filename=\"" + name + "\"");
        ctx.contentType("text/plain; charset=utf-8");
        ctx.result(Files.newInputStream(f.path()));
    }

    // ---- leaderboards

    /** A bar of the score histogram, in the SVG's coordinates. */
    public record Bar(double x, double y, double width, double height, String label, int count) {}

    private record Shown(Board board, String note) {}

    /**
     * The board a viewer gets: the final one when asked for (or by default once revealed) and the viewer
     * may see it; otherwise the public one, with a note when the final one was asked for too early.
     */
    private Shown shown(Context ctx, Lab lab, Exercise ex) {
        Viewer viewer = viewer(ctx);
        String which = ctx.queryParam("board");
        boolean revealedToAll = !clock.instant().isBefore(submissions.revealAt(lab, ex));
        boolean wantFinal = "final".equals(which) || (which == null && revealedToAll);
        if (wantFinal) {
            try {
                return new Shown(boards.finalBoard(viewer, lab.id(), ex.id()), null);
            } catch (LeaderboardService.NotRevealedException e) {
                return new Shown(boards.publicBoard(viewer, lab.id(), ex.id()), "The final leaderboard (private scores) is shown from "
                        + Format.time(submissions.revealAt(lab, ex)) + ". Until then, this is the public leaderboard.");
            }
        }
        return new Shown(boards.publicBoard(viewer, lab.id(), ex.id()), null);
    }

    private void leaderboard(Context ctx) {
        Lab lab = lab(ctx);
        Exercise ex = exercise(ctx, lab);
        Shown shown = shown(ctx, lab, ex);
        Board b = shown.board();
        Map<String, Object> model = new HashMap<>();
        model.put("lab", lab);
        model.put("ex", ex);
        model.put("board", b);
        model.put("note", shown.note());
        model.put("bars", bars(b.distribution()));
        model.put("revealAt", Format.time(b.revealAt()));
        model.put("revealed", !clock.instant().isBefore(b.revealAt()));
        model.put("stats", b.distribution().count() == 0 ? null : Map.of("mean", Format.score(b.distribution().mean()),
                "median", Format.score(b.distribution().median()), "min", Format.score(b.distribution().min()), "max", Format.score(b.distribution().max())));
        model.put("times", b.rows().stream().collect(Collectors.toMap(Board.Row::rank, row -> Format.time(row.submittedAt()), (x, y) -> x)));
        Web.render(ctx, "leaderboard", model);
    }

    private void leaderboardJson(Context ctx) {
        Lab lab = lab(ctx);
        Shown shown = shown(ctx, lab, exercise(ctx, lab));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("board", shown.board());
        if (shown.note() != null) out.put("note", shown.note());
        ctx.json(out);
    }

    static List<Bar> bars(Distribution d) {
        List<Bar> out = new ArrayList<>();
        if (d.count() == 0) return out;
        int most = d.bins().stream().max(Integer::compare).orElse(1);
        double width = 480.0 / d.bins().size();
        double binWidth = (d.max() - d.min()) / d.bins().size();
        for (int i = 0; i < d.bins().size(); i++) {
            int n = d.bins().get(i);
            double h = most == 0 ? 0 : 110.0 * n / most; // room above the tallest bar for its count
            String label = binWidth == 0 ? Format.score(d.min()) : Format.score(d.min() + i * binWidth) + "–" + Format.score(d.min() + (i + 1) * binWidth);
            out.add(new Bar(10 + i * width + 2, 140 - h, width - 4, h, label, n));
        }
        return out;
    }

    // ---- instructors

    /** One row of the instructor's submissions table (all scores: instructors see them all along). */
    public record SubmissionRow(SubmissionView s, String student, String when, String publicScore, String privateScore,
                                String overallScore, List<String> problems) {}

    /** Class figures of one exercise. */
    public record ExerciseStats(Lab lab, Exercise ex, int students, int participants, int submissions, String participation,
                                String publicMean, String publicMedian, String finalMean, String finalMedian) {}

    private void allSubmissions(Context ctx) {
        Lab lab = lab(ctx);
        Exercise ex = exercise(ctx, lab);
        Viewer viewer = viewer(ctx);
        Map<Long, String> names = new HashMap<>();
        List<SubmissionRow> rows = submissions.ofExercise(viewer, lab.id(), ex.id()).stream()
                .map(s -> new SubmissionRow(s, names.computeIfAbsent(s.userId(), this::name), Format.time(s.submittedAt()),
                        Format.score(s.publicScore()), Format.score(s.privateScore()), Format.score(s.overallScore()),
                        s.message() == null ? List.of() : List.of(s.message().split("\n"))))
                .toList();
        Map<String, Object> model = new HashMap<>();
        model.put("lab", lab);
        model.put("ex", ex);
        model.put("rows", newestFirst(rows));
        model.put("stats", stats(viewer, lab, ex));
        model.put("students", students());
        model.put("deadline", Format.time(lab.deadline()));
        model.put("deadlineInput", LocalDateTime.ofInstant(lab.deadline(), CourseTime.current().zone()).toString());
        Web.render(ctx, "lab-submissions", model);
    }

    private List<User> students() {
        return users.all().stream().filter(u -> u.role() == Role.STUDENT).toList();
    }

    private String name(long userId) {
        return users.byId(userId).map(User::displayName).orElse("user " + userId);
    }

    private ExerciseStats stats(Viewer viewer, Lab lab, Exercise ex) {
        List<SubmissionView> all = submissions.ofExercise(viewer, lab.id(), ex.id());
        int students = students().size();
        Set<Long> participants = all.stream().filter(s -> "GRADED".equals(s.status())).map(SubmissionView::userId).collect(Collectors.toSet());
        Distribution pub = boards.publicBoard(viewer, lab.id(), ex.id()).distribution();
        Distribution fin = boards.finalBoard(viewer, lab.id(), ex.id()).distribution();
        String participation = students == 0 ? "–" : Math.round(100.0 * participants.size() / students) + "%";
        return new ExerciseStats(lab, ex, students, participants.size(), all.size(), participation,
                Format.score(pub.mean()), Format.score(pub.median()), Format.score(fin.mean()), Format.score(fin.median()));
    }

    private void regradeOne(Context ctx) throws IOException {
        Lab lab = lab(ctx);
        Exercise ex = exercise(ctx, lab);
        long id = id(ctx.pathParam("id"));
        try {
            SubmissionView s = submissions.regrade(viewer(ctx), id);
            Web.flash(ctx, "Submission " + id + " regraded: " + s.status().toLowerCase(java.util.Locale.ROOT)
                    + (s.publicScore() == null ? "" : ", public " + Format.score(s.publicScore()) + ", private " + Format.score(s.privateScore())) + ".");
        } catch (NoSuchElementException e) {
            throw new NotFoundResponse("There is no such submission.");
        }
        ctx.redirect("/labs/" + lab.id() + "/" + ex.id() + "/submissions");
    }

    private void regradeAll(Context ctx) throws IOException {
        Lab lab = lab(ctx);
        Exercise ex = exercise(ctx, lab);
        int n = submissions.regradeAll(viewer(ctx), lab.id(), ex.id());
        Web.flash(ctx, n + " submission" + (n == 1 ? "" : "s") + " of " + ex.title() + " regraded with the current key.");
        ctx.redirect("/labs/" + lab.id() + "/" + ex.id() + "/submissions");
    }

    private void extend(Context ctx) {
        Lab lab = lab(ctx);
        Exercise ex = exercise(ctx, lab);
        long userId = id(ctx.formParam("user"));
        User student = users.byId(userId).orElseThrow(() -> new BadRequestResponse("Choose a student."));
        String text = ctx.formParam("deadline");
        Instant deadline;
        try {
            deadline = LocalDateTime.parse(text == null ? "" : text.trim()).atZone(CourseTime.current().zone()).toInstant(); // the zone the page writes times in
        } catch (DateTimeParseException e) {
            throw new BadRequestResponse("The new deadline must be a date and time like 2026-12-20T23:59, was '" + text + "'.");
        }
        submissions.grantExtension(viewer(ctx), userId, lab.id(), ex.id(), deadline);
        Web.flash(ctx, student.displayName() + " may submit " + ex.title() + " until " + Format.time(deadline) + ".");
        ctx.redirect("/labs/" + lab.id() + "/" + ex.id() + "/submissions");
    }

    private void gradesCsv(Context ctx) throws IOException {
        Lab lab = lab(ctx);
        StringWriter out = new StringWriter();
        grades.write(viewer(ctx), lab.id(), out);
        ctx.header("Content-Disposition", "attachment; filename=\"" + lab.id() + "-grades.csv\"");
        ctx.contentType("text/csv; charset=utf-8");
        ctx.result(out.toString());
    }

    private void gradesPage(Context ctx) {
        Viewer viewer = viewer(ctx);
        List<ExerciseStats> stats = new ArrayList<>();
        for (Lab lab : labs.labs()) for (Exercise ex : lab.exercises()) stats.add(stats(viewer, lab, ex));
        Web.render(ctx, "grades", Map.of("stats", stats));
    }

    // ---- helpers

    private static Viewer viewer(Context ctx) {
        User u = Web.me(ctx);
        return new Viewer(u.id(), u.isInstructor());
    }

    private Lab lab(Context ctx) {
        return labs.lab(ctx.pathParam("lab")).orElseThrow(() -> new NotFoundResponse("There is no lab '" + ctx.pathParam("lab") + "'."));
    }

    private static Exercise exercise(Context ctx, Lab lab) {
        return lab.exercise(ctx.pathParam("exercise"))
                .orElseThrow(() -> new NotFoundResponse("Lab " + lab.id() + " has no exercise '" + ctx.pathParam("exercise") + "'."));
    }

    private static <T> List<T> newestFirst(List<T> oldestFirst) {
        List<T> out = new ArrayList<>(oldestFirst);
        java.util.Collections.reverse(out);
        return out;
    }

    private static long id(String text) {
        try {
            return Long.parseLong(text == null ? "" : text.trim());
        } catch (NumberFormatException e) {
            throw new NotFoundResponse("There is no such submission.");
        }
    }
}
