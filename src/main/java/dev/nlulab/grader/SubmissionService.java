package dev.nlulab.grader;

import dev.nlulab.labs.Exercise;
import dev.nlulab.labs.Key;
import dev.nlulab.labs.Lab;
import dev.nlulab.labs.LabCatalog;
import org.jdbi.v3.core.Jdbi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * Takes submissions, grades them against the hidden key, and enforces the rules: the submission window,
 * daily limits (reset at midnight in the course time zone) and total caps (only graded or pending
 * submissions count: an invalid file or an infrastructure failure costs no attempt), per-student
 * extensions, late flags, final choice and regrades. Files are kept under {@code uploads/} so that a
 * corrected key can regrade them.
 */
public final class SubmissionService {
    private final SubmissionStore store;
    private final LabCatalog labs;
    private final Path uploadsDir;
    private final Clock clock;
    private final long maxUploadBytes;
    private final PredictionsParser parser;
    private final Map<Key, boolean[]> splits = new WeakHashMap<>(); // a reloaded key gets a new entry

    public SubmissionService(Jdbi jdbi, LabCatalog labs, Path uploadsDir, Clock clock, long maxUploadBytes) {
        this.store = new SubmissionStore(jdbi);
        this.labs = labs;
        this.uploadsDir = uploadsDir;
        this.clock = clock;
        this.maxUploadBytes = maxUploadBytes;
        this.parser = new PredictionsParser(maxUploadBytes);
    }

    /**
     * Accepts an uploaded predictions file from the viewer: stores it, checks it, grades it. Returns the
     * submission (GRADED, or INVALID with the file's first problems) as the viewer may see it.
     * @throws SubmissionRefusedException when the window is closed or a limit is reached (nothing stored)
     */
    public SubmissionView submitPredictions(Viewer viewer, String labId, String exerciseId, String fileName, InputStream content)
            throws IOException {
        Lab lab = lab(labId);
        Exercise ex = exercise(lab, exerciseId);
        if (ex.kind() != Exercise.Kind.PREDICTIONS) throw new SubmissionRefusedException("exercise '" + exerciseId + "' takes a job, not a file");
        long id = admit(viewer.userId(), lab, ex, "predictions", null);
        Path file = uploadsDir.resolve(lab.id()).resolve(ex.id()).resolve(Long.toString(viewer.userId()))
                .resolve(id + extension(fileName));
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                copyAtMost(content, out, maxUploadBytes + 1); // one byte over is enough for the parser to say "too large"
            }
            store.setFile(id, uploadsDir.relativize(file).toString());
            grade(id, lab, ex, file, fileName);
        } catch (IOException e) {
            store.setResult(id, Submission.Status.NOT_GRADABLE, null, clock.instant(), "the upload could not be stored: " + e.getMessage());
        }
        return view(viewer, store.find(id).orElseThrow());
    }

    /** Records the job a student started for a job exercise (PENDING; counts as an attempt unless it fails). */
    public SubmissionView submitJob(Viewer viewer, String labId, String exerciseId, long jobId) {
        Lab lab = lab(labId);
        Exercise ex = exercise(lab, exerciseId);
        if (ex.kind() != Exercise.Kind.JOB) throw new SubmissionRefusedException("exercise '" + exerciseId + "' takes a predictions file, not a job");
        long id = admit(viewer.userId(), lab, ex, "job", jobId);
        return view(viewer, store.find(id).orElseThrow());
    }

    /** Grades a finished job's predictions (copied under uploads/ first, so regrades outlive the job folder). */
    public void gradeJob(long jobId, Path predictionsFile) {
        Submission s = store.findByJob(jobId).orElseThrow(() -> new NoSuchElementException("no submission for job " + jobId));
        Lab lab = lab(s.labId());
        Exercise ex = exercise(lab, s.exerciseId());
        Path file = uploadsDir.resolve(lab.id()).resolve(ex.id()).resolve(Long.toString(s.userId())).resolve(s.id() + ".jsonl");
        try {
            Files.createDirectories(file.getParent());
            Files.copy(predictionsFile, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            store.setResult(s.id(), Submission.Status.NOT_GRADABLE, null, clock.instant(), "the job's predictions could not be read: " + e.getMessage());
            return;
        }
        store.setFile(s.id(), uploadsDir.relativize(file).toString());
        grade(s.id(), lab, ex, file, file.getFileName().toString());
    }

    /** A job that failed or was cancelled: not gradable, and no attempt counted. */
    public void jobFailed(long jobId, String message) {
        Submission s = store.findByJob(jobId).orElseThrow(() -> new NoSuchElementException("no submission for job " + jobId));
        store.setResult(s.id(), Submission.Status.NOT_GRADABLE, null, clock.instant(), message);
    }

    /** The viewer's submissions to an exercise, oldest first, private scores hidden until revealed. */
    public List<SubmissionView> history(Viewer viewer, String labId, String exerciseId) {
        return history(viewer, viewer.userId(), labId, exerciseId);
    }

    /** A student's submissions; students may only read their own. */
    public List<SubmissionView> history(Viewer viewer, long studentId, String labId, String exerciseId) {
        if (!viewer.instructor() && viewer.userId() != studentId) throw new SecurityException("students see only their own submissions");
        return store.ofStudent(studentId, labId, exerciseId).stream().map(s -> view(viewer, s)).toList();
    }

    /** Every submission of an exercise, oldest first, for the instructor's table. */
    public List<SubmissionView> ofExercise(Viewer viewer, String labId, String exerciseId) {
        requireInstructor(viewer);
        return store.ofExercise(labId, exerciseId, false).stream().map(s -> view(viewer, s)).toList();
    }

    /**
     * One submission and its stored file, when the viewer may see it (their own, or any for an instructor);
     * empty otherwise, so that a guessed id looks the same as a missing one.
     */
    public Optional<StoredFile> file(Viewer viewer, long submissionId) {
        return store.find(submissionId)
                .filter(s -> viewer.instructor() || s.userId() == viewer.userId())
                .filter(s -> s.filePath() != null)
                .map(s -> new StoredFile(view(viewer, s), uploadsDir.resolve(s.filePath())))
                .filter(f -> Files.isRegularFile(f.path()));
    }

    /** A submission with the path of the file it was graded from. */
    public record StoredFile(SubmissionView submission, Path path) {}

    /** What the student may still submit now. */
    public Attempts attempts(long userId, String labId, String exerciseId) {
        Lab lab = lab(labId);
        Exercise ex = exercise(lab, exerciseId);
        Instant now = clock.instant();
        ZonedDateTime today = LocalDate.ofInstant(now, lab.zone()).atStartOfDay(lab.zone());
        Instant midnight = today.plusDays(1).toInstant();
        int usedToday = store.countAttempts(userId, lab.id(), ex.id(), today.toInstant(), midnight);
        int usedTotal = store.countAttempts(userId, lab.id(), ex.id(), Instant.EPOCH, Instant.parse("9999-01-01T00:00:00Z"));
        Instant deadline = deadline(userId, lab, ex);
        Instant closes = lab.closes().isAfter(deadline) ? lab.closes() : deadline;
        boolean open = (lab.opens() == null || !now.isBefore(lab.opens())) && !now.isAfter(closes);
        return new Attempts(Math.max(0, ex.dailyLimit() - usedToday), Math.max(0, ex.totalLimit() - usedTotal), midnight,
                deadline, closes, now.isAfter(deadline), open);
    }

    /** The student's deadline: the lab's, or their extension. */
    public Instant deadline(long userId, Lab lab, Exercise ex) {
        return store.extension(userId, lab.id(), ex.id()).filter(d -> d.isAfter(lab.deadline())).orElse(lab.deadline());
    }

    /** Gives one student a later deadline for one exercise (replacing an earlier extension). */
    public void grantExtension(Viewer viewer, long userId, String labId, String exerciseId, Instant newDeadline) {
        requireInstructor(viewer);
        exercise(lab(labId), exerciseId);
        store.putExtension(userId, labId, exerciseId, newDeadline);
    }

    /** Marks one of the viewer's graded submissions as their final one (for exercises whose final is 'chosen'). */
    public void chooseFinal(Viewer viewer, long submissionId) {
        Submission s = store.find(submissionId).orElseThrow(() -> new NoSuchElementException("no submission " + submissionId));
        if (s.userId() != viewer.userId()) throw new SecurityException("a student chooses only among their own submissions");
        if (!s.graded()) throw new IllegalArgumentException("only a graded submission can be final");
        Lab lab = lab(s.labId());
        if (!clock.instant().isBefore(deadline(s.userId(), lab, exercise(lab, s.exerciseId())))) {
            throw new SubmissionRefusedException("the final submission can no longer be changed: the deadline has passed");
        }
        store.chooseFinal(s.userId(), s.labId(), s.exerciseId(), s.id());
    }

    /** Grades one stored submission again with the current key (after a key was corrected). */
    public SubmissionView regrade(Viewer viewer, long submissionId) throws IOException {
        requireInstructor(viewer);
        Submission s = store.find(submissionId).orElseThrow(() -> new NoSuchElementException("no submission " + submissionId));
        regrade(s);
        return view(viewer, store.find(submissionId).orElseThrow());
    }

    /** Grades every stored file of an exercise again; returns how many were regraded. */
    public int regradeAll(Viewer viewer, String labId, String exerciseId) throws IOException {
        requireInstructor(viewer);
        int n = 0;
        for (Submission s : store.ofExercise(labId, exerciseId, false)) {
            if (regrade(s)) n++;
        }
        return n;
    }

    /** When private scores of an exercise may be shown to students: the deadline, or the latest extension. */
    public Instant revealAt(Lab lab, Exercise ex) {
        return store.latestExtension(lab.id(), ex.id()).filter(d -> d.isAfter(lab.deadline())).orElse(lab.deadline());
    }

    boolean revealed(Viewer viewer, Lab lab, Exercise ex) {
        return viewer.instructor() || !clock.instant().isBefore(revealAt(lab, ex));
    }

    SubmissionStore store() { return store; }

    Lab lab(String labId) {
        return labs.lab(labId).orElseThrow(() -> new NoSuchElementException("no lab '" + labId + "'"));
    }

    static Exercise exercise(Lab lab, String exerciseId) {
        return lab.exercise(exerciseId).orElseThrow(() -> new NoSuchElementException("lab " + lab.id() + " has no exercise '" + exerciseId + "'"));
    }

    static void requireInstructor(Viewer viewer) {
        if (!viewer.instructor()) throw new SecurityException("only instructors may do this");
    }

    private boolean regrade(Submission s) throws IOException {
        if (s.filePath() == null || s.status() == Submission.Status.PENDING) return false;
        Path file = uploadsDir.resolve(s.filePath());
        if (!Files.isRegularFile(file)) return false;
        Lab lab = lab(s.labId());
        grade(s.id(), lab, exercise(lab, s.exerciseId()), file, file.getFileName().toString());
        return true;
    }

    private SubmissionView view(Viewer viewer, Submission s) {
        if (!viewer.instructor() && viewer.userId() != s.userId()) throw new SecurityException("not your submission");
        Lab lab = lab(s.labId());
        return SubmissionView.of(s, revealed(viewer, lab, exercise(lab, s.exerciseId())));
    }

    /** Checks the window and the limits, then records a PENDING submission; synchronized so two uploads cannot both take the last attempt. */
    private synchronized long admit(long userId, Lab lab, Exercise ex, String kind, Long jobId) {
        Attempts a = requireOpen(userId, lab, ex);
        return store.insertPending(userId, lab.id(), ex.id(), kind, jobId, clock.instant(), a.late());
    }

    /**
     * Throws {@link SubmissionRefusedException} when the viewer could not submit to the exercise now; a job
     * page asks this before it queues a job, so that a refused student does not start one for nothing.
     */
    public void requireOpen(Viewer viewer, String labId, String exerciseId) {
        Lab lab = lab(labId);
        requireOpen(viewer.userId(), lab, exercise(lab, exerciseId));
    }

    private Attempts requireOpen(long userId, Lab lab, Exercise ex) {
        Instant now = clock.instant();
        Attempts a = attempts(userId, lab.id(), ex.id());
        if (lab.opens() != null && now.isBefore(lab.opens())) throw new SubmissionRefusedException("this lab opens at " + Format.time(lab.opens()));
        if (!a.open()) throw new SubmissionRefusedException("submissions closed at " + Format.time(a.closes()));
        if (a.leftTotal() == 0) throw new SubmissionRefusedException("you have used all " + ex.totalLimit() + " submissions of this exercise");
        if (a.leftToday() == 0) {
            throw new SubmissionRefusedException("you have used today's " + ex.dailyLimit() + " submissions; more from " + Format.time(a.resetsAt()));
        }
        return a;
    }

    private void grade(long id, Lab lab, Exercise ex, Path file, String fileName) {
        try {
            Key key = labs.key(lab, ex.id());
            Metric metric = Metrics.byName(ex.metric());
            PredictionsParser.Result parsed = parser.parse(file, key, metric.kind());
            if (!parsed.valid()) {
                store.setResult(id, Submission.Status.INVALID, null, clock.instant(), parsed.message());
                return;
            }
            Score score = new Scorer(key, metric, split(key, lab, ex)).score(parsed.predictions());
            store.setResult(id, Submission.Status.GRADED, score, clock.instant(), null);
        } catch (IOException | RuntimeException e) {
            // the platform's fault, not the student's: no attempt counted
            store.setResult(id, Submission.Status.NOT_GRADABLE, null, clock.instant(), "could not be graded: " + e.getMessage());
        }
    }

    private synchronized boolean[] split(Key key, Lab lab, Exercise ex) {
        return splits.computeIfAbsent(key, k -> PublicSplit.of(k, lab.id(), ex.id(), ex.publicFraction()));
    }

    private static void copyAtMost(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long left = limit;
        int n;
        while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static String extension(String fileName) {
        String lower = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".jsonl") || lower.endsWith(".json")) return ".jsonl";
        return lower.endsWith(".csv") ? ".csv" : ".txt"; // .txt: the parser looks at the content
    }
}
