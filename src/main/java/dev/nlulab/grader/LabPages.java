package dev.nlulab.grader;

import dev.nlulab.content.Problem;
import dev.nlulab.identity.Role;
import dev.nlulab.identity.Viewer;
import dev.nlulab.labs.Exercise;
import dev.nlulab.labs.Lab;
import dev.nlulab.labs.LabCatalog;
import dev.nlulab.labs.LabDataFiles;
import dev.nlulab.labs.Parameter;
import dev.nlulab.web.CourseTime;
import dev.nlulab.web.Feature;
import dev.nlulab.web.NavItem;
import dev.nlulab.web.Router;
import dev.nlulab.web.SafeMarkdown;
import dev.nlulab.web.Web;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.UploadedFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The lab pages of a student: the list of labs, a lab with its README, data files and one panel per
 * exercise ({@link ExercisePanels}), and what a student sends from it: a predictions file, a job's form,
 * the choice of a final submission. Scores reach a page only through {@link SubmissionView}, which
 * hides private scores until they are revealed.
 */
public final class LabPages implements Feature {
    private final LabCatalog labs;
    private final LabRequests requests;
    private final SubmissionService submissions;
    private final ExerciseJobs exerciseJobs;
    private final ExercisePanels panels;
    private final Clock clock;
    private final CourseTime courseTime;
    private final SafeMarkdown readme = new SafeMarkdown();

    public LabPages(LabCatalog labs, SubmissionService submissions, LeaderboardService boards, ExerciseJobs exerciseJobs, Clock clock,
                    CourseTime courseTime) {
        this.labs = labs;
        this.requests = new LabRequests(labs);
        this.submissions = submissions;
        this.exerciseJobs = exerciseJobs;
        this.panels = new ExercisePanels(submissions, boards, clock, courseTime);
        this.clock = clock;
        this.courseTime = courseTime;
    }

    @Override
    public List<NavItem> nav() {
        return List.of(new NavItem("Labs", "/labs", Role.STUDENT, 20));
    }

    @Override
    public void routes(Router r) {
        r.get("/labs", Role.STUDENT, this::list);
        r.get("/labs/{lab}", Role.STUDENT, ctx -> labPage(ctx, Map.of()));
        r.get("/labs/{lab}/data/{file}", Role.STUDENT, this::dataFile);
        r.post("/labs/{lab}/{exercise}/submissions", Role.STUDENT, this::upload);
        r.post("/labs/{lab}/{exercise}/jobs", Role.STUDENT, this::startJob);
        r.get("/labs/{lab}/{exercise}/jobs", Role.STUDENT, ctx -> { // a job form's address, reloaded
            Lab lab = requests.lab(ctx);
            toPanel(ctx, lab, LabRequests.exercise(ctx, lab));
        });
        r.post("/labs/{lab}/{exercise}/final", Role.STUDENT, this::chooseFinal);
        r.get("/labs/{lab}/{exercise}/submissions/{id}/file", Role.STUDENT, this::submittedFile);
        r.get("/labs/{lab}/{exercise}/sample-submission.jsonl", Role.STUDENT, this::sampleSubmission);
        r.get("/labs/{lab}/starter.py", Role.STUDENT, this::starterScript);
    }

    /** One lab on the list: its dates in the lab's time zone and the viewer's best public score per exercise. */
    public record LabCard(Lab lab, String opens, String deadline, String closes, boolean past, List<String> best) {}

    /** A lab problem as an instructor reads it: the file relative to the course folder. */
    public record ProblemLine(String lab, String file, int line, String message) {}

    /** A public data file of the lab. */
    public record DataFile(String name, String size) {}

    private void list(Context ctx) {
        Viewer viewer = Web.viewer(ctx);
        List<LabCard> cards = new ArrayList<>();
        for (Lab lab : labs.labs()) {
            List<String> best = new ArrayList<>();
            for (Exercise ex : lab.exercises()) {
                submissions.history(viewer, lab.id(), ex.id()).stream().map(SubmissionView::publicScore).filter(s -> s != null)
                        .max(Double::compare).ifPresent(s -> best.add(ex.title() + ": " + Format.score(s)));
            }
            cards.add(new LabCard(lab, lab.opens() == null ? null : courseTime.format(lab.opens()), courseTime.format(lab.deadline()),
                    courseTime.format(lab.closes()), clock.instant().isAfter(lab.deadline()), best));
        }
        Map<String, Object> model = new HashMap<>();
        model.put("labs", cards);
        if (viewer.instructor()) model.put("problems", problems());
        Web.render(ctx, "labs", model);
    }

    private List<ProblemLine> problems() {
        List<ProblemLine> out = new ArrayList<>();
        labs.problems().forEach((id, list) -> {
            for (Problem p : list) out.add(new ProblemLine(id, shortPath(p.file()), p.line(), p.message()));
        });
        return out;
    }

    private static String shortPath(Path file) {
        int n = file.getNameCount();
        return n >= 3 ? file.subpath(n - 3, n).toString() : file.toString();
    }

    /** {@code states}: per exercise id, what its panel shows besides the student's record. */
    private void labPage(Context ctx, Map<String, ExercisePanels.State> states) throws IOException {
        Lab lab = requests.lab(ctx);
        Viewer viewer = Web.viewer(ctx);
        Map<String, ExercisePanels.State> shown = new HashMap<>(states);
        outcomeAsked(ctx, lab, viewer).ifPresent(o -> shown.put(o.exercise(), new ExercisePanels.State(o.outcome(), Map.of(), Map.of())));
        String html = Files.isRegularFile(lab.readme()) ? readme.html(Files.readString(lab.readme(), StandardCharsets.UTF_8)) : "";
        Map<String, Object> model = new HashMap<>();
        model.put("lab", lab);
        model.put("readme", html);
        model.put("starter", Files.isRegularFile(lab.starterScript()));
        model.put("samples", lab.exercises().stream().anyMatch(e -> e.kind() == Exercise.Kind.PREDICTIONS));
        model.put("files", LabDataFiles.list(lab).stream().map(f -> new DataFile(f.getFileName().toString(), Format.size(f))).toList());
        model.put("panels", panels.of(viewer, lab, shown));
        model.put("deadline", courseTime.format(lab.deadline()));
        model.put("closes", courseTime.format(lab.closes()));
        model.put("late", lab.late().rule());
        model.put("writeupMax", SubmissionService.WRITEUP_MAX_CHARS);
        Web.render(ctx, "lab", model);
    }

    /** Only a plain file name directly under labs/&lt;id&gt;/data/; anything else is "not found". */
    private void dataFile(Context ctx) throws IOException {
        Lab lab = requests.lab(ctx);
        String name = ctx.pathParam("file");
        Path file = LabDataFiles.find(lab, name).orElseThrow(() -> new NotFoundResponse("There is no such data file."));
        ctx.header("Content-Disposition", "attachment; filename=\"" + name + "\"");
        ctx.contentType(name.endsWith(".jsonl") || name.endsWith(".json") ? "application/x-ndjson" : "text/plain; charset=utf-8");
        ctx.result(Files.newInputStream(file));
    }

    private record AskedOutcome(String exercise, ExercisePanels.Outcome outcome) {}

    /**
     * The outcome a lab page was redirected to show: {@code ?submission=<id>} (one of the viewer's own), or a
     * refusal that came as the flash message with {@code ?exercise=<id>}.
     */
    private Optional<AskedOutcome> outcomeAsked(Context ctx, Lab lab, Viewer viewer) {
        String exercise = ctx.queryParam("exercise");
        if (exercise != null && lab.exercise(exercise).isPresent()) {
            String flash = Web.takeFlash(ctx);
            if (flash != null) return Optional.of(new AskedOutcome(exercise, ExercisePanels.Outcome.refused(flash)));
        }
        String id = ctx.queryParam("submission");
        if (id == null || !id.matches("\\d{1,18}")) return Optional.empty();
        return submissions.find(viewer, Long.parseLong(id))
                .filter(s -> s.userId() == viewer.userId() && s.labId().equals(lab.id()))
                .map(s -> new AskedOutcome(s.exerciseId(), panels.outcome(viewer, lab, SubmissionService.exercise(lab, s.exerciseId()), s)));
    }

    /** Post/redirect/get: the page that shows what became of the upload, at an address the student may open and reload. */
    private void upload(Context ctx) throws IOException {
        Lab lab = requests.lab(ctx);
        Exercise ex = LabRequests.exercise(ctx, lab);
        UploadedFile file = ctx.uploadedFile("predictions");
        if (file == null || file.size() == 0) {
            refused(ctx, lab, ex, "Choose a predictions file to upload.");
            return;
        }
        try (InputStream in = file.content()) {
            SubmissionView s = submissions.submitPredictions(Web.viewer(ctx), lab.id(), ex.id(), file.filename(), in, ctx.formParam("writeup"));
            toOutcome(ctx, lab, s);
        } catch (SubmissionRefusedException e) {
            refused(ctx, lab, ex, "Not taken: " + e.getMessage() + ".");
        }
    }

    /** A started job redirects to its outcome; a form with mistakes comes back with the values and a message per field. */
    private void startJob(Context ctx) throws IOException {
        Lab lab = requests.lab(ctx);
        Exercise ex = LabRequests.exercise(ctx, lab);
        if (ex.kind() != Exercise.Kind.JOB) throw new NotFoundResponse("This exercise takes a file, not a job.");
        Map<String, String> values = new LinkedHashMap<>();
        for (Parameter p : ex.parameters().parameters()) {
            String v = ctx.formParam(p.name());
            if (v != null) values.put(p.name(), v);
        }
        ExerciseJobs.Started started;
        try {
            started = exerciseJobs.start(Web.viewer(ctx), lab, ex, values, ctx.formParam("writeup"));
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
        labPage(ctx, Map.of(ex.id(), new ExercisePanels.State(ExercisePanels.Outcome.refused(message), values, started.fieldErrors())));
    }

    private void chooseFinal(Context ctx) {
        Lab lab = requests.lab(ctx);
        Exercise ex = LabRequests.exercise(ctx, lab);
        Viewer viewer = Web.viewer(ctx);
        long id = LabRequests.submissionId(ctx.formParam("submission"));
        try {
            submissions.chooseFinal(viewer, id);
            SubmissionView s = submissions.find(viewer, id).orElseThrow();
            Web.flash(ctx, "Your submission of " + courseTime.format(s.submittedAt()) + " is now your final one for " + ex.title() + ".");
        } catch (NoSuchElementException | SecurityException e) {
            throw new NotFoundResponse("There is no such submission.");
        } catch (IllegalArgumentException | SubmissionRefusedException e) {
            Web.flash(ctx, "Not changed: " + e.getMessage() + ".");
        }
        ctx.redirect("/labs/" + lab.id() + "#" + ex.id());
    }

    private void submittedFile(Context ctx) throws IOException {
        Lab lab = requests.lab(ctx);
        Exercise ex = LabRequests.exercise(ctx, lab);
        SubmissionService.StoredFile f = submissions.file(Web.viewer(ctx), LabRequests.submissionId(ctx.pathParam("id")))
                .filter(s -> s.submission().labId().equals(lab.id()) && s.submission().exerciseId().equals(ex.id()))
                .orElseThrow(() -> new NotFoundResponse("There is no such submission."));
        String name = "submission-" + f.submission().id() + "-" + f.submission().userId() + f.path().getFileName().toString().replaceFirst("^[0-9]+", "");
        ctx.header("Content-Disposition", "attachment; filename=\"" + name + "\"");
        ctx.contentType("text/plain; charset=utf-8");
        ctx.result(Files.newInputStream(f.path()));
    }

    /** A valid file to start from: every test id with a placeholder (see {@link StarterFiles}). */
    private void sampleSubmission(Context ctx) throws IOException {
        Lab lab = requests.lab(ctx);
        Exercise ex = LabRequests.exercise(ctx, lab);
        if (ex.kind() != Exercise.Kind.PREDICTIONS) throw new NotFoundResponse("This exercise takes a job, not a file.");
        ctx.header("Content-Disposition", "attachment; filename=\"" + lab.id() + "-" + ex.id() + "-sample.jsonl\"");
        ctx.contentType("application/x-ndjson; charset=utf-8");
        ctx.result(StarterFiles.sample(submissions.grading(), lab, ex));
    }

    private void starterScript(Context ctx) throws IOException {
        Lab lab = requests.lab(ctx);
        if (!Files.isRegularFile(lab.starterScript())) throw new NotFoundResponse("This lab has no starter script.");
        ctx.header("Content-Disposition", "attachment; filename=\"" + lab.id() + "-starter.py\"");
        ctx.contentType("text/x-python; charset=utf-8");
        ctx.result(Files.newInputStream(lab.starterScript()));
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
}
