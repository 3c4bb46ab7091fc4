package dev.nlulab.grader;

import dev.nlulab.identity.Role;
import dev.nlulab.identity.User;
import dev.nlulab.accounts.UserStore;
import dev.nlulab.identity.Viewer;
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
import io.javalin.http.HttpStatus;
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
import java.util.Optional;
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

    private final LabCatalog labs;
    private final SubmissionService submissions;
    private final LeaderboardService boards;
    private final GradeExport grades;
    private final ExerciseJobs exerciseJobs;
    private final UserStore users;
    private final Clock clock;
    private final SafeMarkdown readme = new SafeMarkdown();

    public LabRoutes(LabCatalog labs, SubmissionService submissions, LeaderboardService boards, GradeExport grades,
                     ExerciseJobs exerciseJobs, UserStore users, Clock clock) {
        this.labs = labs;
        this.submissions = submissions;
        this.boards = boards;
        this.grades = grades;
        this.exerciseJobs = exerciseJobs;
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
        r.get("/labs/{lab}/{exercise}/jobs", Role.STUDENT, ctx -> toPanel(ctx, lab(ctx), exercise(ctx, lab(ctx)))); // a job form's address, reloaded
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
    public record Outcome(String kind, String message, List<String> problems, String score, List<String> reported, Integer rank,
                          Integer of, Long jobId) {
        static Outcome refused(String message) { return new Outcome("refused", message, List.of(), null, List.of(), null, null, null); }
    }

    /** One field of a job form, generated from the exercise's parameter schema. */
    public record FormField(String name, String type, String min, String max, String step, List<String> values,
                            String value, String defaultValue, String description, String error) {}

    /**
     * A row of a student's own history: {@code number} counts their submissions to the exercise (1 is the first);
     * the reported lists hold the exercise's further metrics ("success@5 0.2941").
     */
    public record HistoryRow(long id, int number, String when, StatusPill status, String publicScore, List<String> publicReported,
                             String privateScore, List<String> privateReported, boolean late, boolean chosen, boolean graded,
                             Long jobId, List<String> problems, boolean hasFile) {}

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
        Map<String, PanelState> states = new HashMap<>(state);
        outcomeAsked(ctx, lab, viewer).ifPresent(o -> states.put(o.exercise(), new PanelState(o.outcome(), Map.of(), Map.of())));
        List<Panel> panels = new ArrayList<>();
        for (Exercise ex : lab.exercises()) {
            PanelState st = states.getOrDefault(ex.id(), new PanelState(null, Map.of(), Map.of()));
            Attempts a = submissions.attempts(viewer.userId(), lab.id(), ex.id());
            boolean revealed = !clock.instant().isBefore(submissions.revealAt(lab, ex));
            List<SubmissionView> own = submissions.history(viewer, lab.id(), ex.id());
            List<HistoryRow> history = new ArrayList<>();
            for (int i = 0; i < own.size(); i++) history.add(historyRow(own.get(i), i + 1, lab));
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

    private HistoryRow historyRow(SubmissionView s, int number, Lab lab) {
        return new HistoryRow(s.id(), number, Format.time(s.submittedAt()), StatusPill.of(s.status()), Format.score(s.publicScore()),
                reported(s, false), Format.score(s.privateScore()), reported(s, true), s.late(), s.chosenFinal(), s.status() == SubmissionStatus.GRADED,
                s.jobId(), problems(s), s.hasFile());
    }

    /** The exercise's further metrics as a cell shows them under its score ("success@5 0.2941"); none while hidden. */
    private static List<String> reported(SubmissionView s, boolean privateShare) {
        List<String> out = new ArrayList<>();
        for (SubmissionView.Reported r : s.reported()) {
            Double v = privateShare ? r.privateScore() : r.publicScore();
            if (v != null) out.add(r.metric() + " " + Format.score(v));
        }
        return out;
    }

    private static List<String> problems(SubmissionView s) {
        return s.message() == null ? List.of() : List.of(s.message().split("\n"));
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

    private record AskedOutcome(String exercise, Outcome outcome) {}

    /**
     * The outcome a lab page was redirected to show: {@code ?submission=<id>} (one of the viewer's own), or a
     * refusal that came as the flash message with {@code ?exercise=<id>}.
     */
    private Optional<AskedOutcome> outcomeAsked(Context ctx, Lab lab, Viewer viewer) {
        String exercise = ctx.queryParam("exercise");
        if (exercise != null && lab.exercise(exercise).isPresent()) {
            String flash = Web.takeFlash(ctx);
            if (flash != null) return Optional.of(new AskedOutcome(exercise, Outcome.refused(flash)));
        }
        String id = ctx.queryParam("submission");
        if (id == null || !id.matches("\\d{1,18}")) return Optional.empty();
        return submissions.find(viewer, Long.parseLong(id))
                .filter(s -> s.userId() == viewer.userId() && s.labId().equals(lab.id()))
                .map(s -> new AskedOutcome(s.exerciseId(), outcomeOf(viewer, lab, SubmissionService.exercise(lab, s.exerciseId()), s)));
    }

    /** Post/redirect/get: the page that shows what became of the upload, at an address the student may open and reload. */
    private void upload(Context ctx) throws IOException {
        Lab lab = lab(ctx);
        Exercise ex = exercise(ctx, lab);
        UploadedFile file = ctx.uploadedFile("predictions");
        if (file == null || file.size() == 0) {
            refused(ctx, lab, ex, "Choose a predictions file to upload.");
            return;
        }
        try (InputStream in = file.content()) {
            SubmissionView s = submissions.submitPredictions(viewer(ctx), lab.id(), ex.id(), file.filename(), in);
            toOutcome(ctx, lab, s);
        } catch (SubmissionRefusedException e) {
            refused(ctx, lab, ex, "Not taken: " + e.getMessage() + ".");
        }
    }

    private static void toOutcome(Context ctx, Lab lab, SubmissionView s) {
        ctx.redirect("/labs/" + lab.id() + "?submission=" + s.id() + "#" + s.exerciseId(), HttpStatus.SEE_OTHER);
    }

    private static void refused(Context ctx, Lab lab, Exercise ex, String message) {
        Web.flash(ctx, message);
        ctx.redirect("/labs/" + lab.id() + "?exercise=" + ex.id() + "#" + ex.id(), HttpStatus.SEE_OTHER);
    }

    private static void toPanel(Context ctx, Lab lab, Exercise ex) {
        ctx.redirect("/labs/" + lab.id() + "#" + ex.id(), HttpStatus.SEE_OTHER);
    }

    private Outcome outcomeOf(Viewer viewer, Lab lab, Exercise ex, SubmissionView s) {
        return switch (s.status()) {
            case GRADED -> {
                Board board = boards.publicBoard(viewer, lab.id(), ex.id());
                Integer rank = board.rows().stream().filter(Board.Row::you).map(Board.Row::rank).findFirst().orElse(null);
                String note = s.late() ? " (late: " + lateRule(lab) + ")" : "";
                yield new Outcome("graded", "Graded" + note + ".", List.of(), Format.score(s.publicScore()), reported(s, false), rank,
                        board.rows().size(), null);
            }
            case INVALID -> new Outcome("invalid", "This file was not graded and costs no submission. Fix these problems and upload it again:",
                    problems(s), null, List.of(), null, null, null);
            case PENDING -> new Outcome("queued", "Job " + s.jobId() + " is queued; it is graded when it ends.", List.of(), null, List.of(),
                    null, null, s.jobId());
            case NOT_GRADABLE -> Outcome.refused("Could not be graded (this costs no submission): " + s.message());
        };
    }

    /** A started job redirects to its outcome; a form with mistakes comes back with the values and a message per field. */
    private void startJob(Context ctx) throws IOException {
        Lab lab = lab(ctx);
        Exercise ex = exercise(ctx, lab);
        if (ex.kind() != Exercise.Kind.JOB) throw new NotFoundResponse("This exercise takes a file, not a job.");
        Map<String, String> values = new LinkedHashMap<>();
        for (Parameter p : ex.parameters().parameters()) {
            String v = ctx.formParam(p.name());
            if (v != null) values.put(p.name(), v);
        }
        ExerciseJobs.Started started;
        try {
            started = exerciseJobs.start(viewer(ctx), lab, ex, values);
        } catch (SubmissionRefusedException e) {
            refused(ctx, lab, ex, "Not started: " + e.getMessage() + ".");
            return;
        }
        if (started.ok()) {
            toOutcome(ctx, lab, started.submission());
            return;
        }
        String message = started.problems().isEmpty() ? "Not started: fix the fields marked below."
                : "Not started: " + String.join("; ", started.problems()) + ".";
        ctx.status(422);
        labPage(ctx, Map.of(ex.id(), new PanelState(Outcome.refused(message), values, started.fieldErrors())));
    }

    private void chooseFinal(Context ctx) {
        Lab lab = lab(ctx);
        Exercise ex = exercise(ctx, lab);
        long id = id(ctx.formParam("submission"));
        try {
            submissions.chooseFinal(viewer(ctx), id);
            SubmissionView s = submissions.find(viewer(ctx), id).orElseThrow();
            Web.flash(ctx, "Your submission of " + Format.time(s.submittedAt()) + " is now your final one for " + ex.title() + ".");
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

    /** A leaderboard row as the page shows it: when the student last submitted, and the further metrics in the lab's order. */
    public record BoardRow(Board.Row row, String last, List<String> reported) {}

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
        model.put("rows", b.rows().stream().map(row -> new BoardRow(row, Format.time(row.lastAt()),
                ex.alsoReport().stream().map(m -> row.reported().containsKey(m) ? Format.score(row.reported().get(m)) : "–").toList())).toList());
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
    public record SubmissionRow(SubmissionView s, StatusPill status, String student, String when, String publicScore, List<String> publicReported,
                                String privateScore, List<String> privateReported, String overallScore, List<String> problems) {}

    /** A granted extension as the instructor's page lists it. */
    public record ExtensionRow(String student, String deadline) {}

    /** Class figures of one exercise. */
    public record ExerciseStats(Lab lab, Exercise ex, int students, int participants, int submissions, String participation,
                                String publicMean, String publicMedian, String finalMean, String finalMedian) {}

    private void allSubmissions(Context ctx) {
        Lab lab = lab(ctx);
        Exercise ex = exercise(ctx, lab);
        Viewer viewer = viewer(ctx);
        Map<Long, String> names = new HashMap<>();
        List<SubmissionRow> rows = submissions.ofExercise(viewer, lab.id(), ex.id()).stream()
                .map(s -> new SubmissionRow(s, StatusPill.of(s.status()), names.computeIfAbsent(s.userId(), this::name), Format.time(s.submittedAt()),
                        Format.score(s.publicScore()), reported(s, false), Format.score(s.privateScore()), reported(s, true),
                        Format.score(s.overallScore()), problems(s)))
                .toList();
        Map<String, Object> model = new HashMap<>();
        model.put("lab", lab);
        model.put("ex", ex);
        model.put("rows", newestFirst(rows));
        model.put("stats", stats(viewer, lab, ex));
        model.put("students", students());
        model.put("deadline", Format.time(lab.deadline()));
        model.put("deadlineInput", LocalDateTime.ofInstant(lab.deadline(), CourseTime.current().zone()).toString());
        model.put("latestInput", LocalDateTime.ofInstant(lab.closes(), CourseTime.current().zone()).plusYears(1).toString());
        model.put("extensions", submissions.extensions(viewer, lab.id(), ex.id()).stream()
                .map(e -> new ExtensionRow(names.computeIfAbsent(e.userId(), this::name), Format.time(e.deadline()))).toList());
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
        Set<Long> participants = all.stream().filter(s -> s.status() == SubmissionStatus.GRADED).map(SubmissionView::userId).collect(Collectors.toSet());
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
            Web.flash(ctx, "Submission " + id + " regraded: " + StatusPill.of(s.status()).label()
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
        String text = ctx.formParam("deadline") == null ? "" : ctx.formParam("deadline").trim();
        try {
            Instant deadline = LocalDateTime.parse(text).atZone(CourseTime.current().zone()).toInstant();
            submissions.grantExtension(viewer(ctx), userId, lab.id(), ex.id(), deadline);
            Web.flash(ctx, student.displayName() + " may submit " + ex.title() + " until " + Format.time(deadline) + ".");
        } catch (DateTimeParseException e) {
            Web.flash(ctx, "Not granted: the new deadline must be a date and time like 2026-12-20T23:59, was " + Format.quote(text) + ".");
        } catch (IllegalArgumentException e) {
            Web.flash(ctx, "Not granted to " + student.displayName() + ": " + e.getMessage() + ".");
        }
        ctx.redirect("/labs/" + lab.id() + "/" + ex.id() + "/submissions", HttpStatus.SEE_OTHER);
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
