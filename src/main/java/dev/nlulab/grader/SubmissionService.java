package dev.nlulab.grader;

import dev.nlulab.identity.Viewer;
import dev.nlulab.labs.Exercise;
import dev.nlulab.labs.Lab;
import dev.nlulab.labs.LabCatalog;
import dev.nlulab.store.DiskFull;
import dev.nlulab.web.CourseTime;
import org.jdbi.v3.core.Jdbi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Takes submissions, grades them against the hidden key, and enforces the rules: the submission window,
 * daily limits (reset at midnight in the course time zone) and total caps, per-student extensions, late
 * flags, final choice and regrades. A submission holds an attempt from the moment it is taken (an upload while
 * it is graded, a job while it is queued or running) and keeps it once graded; an unreadable file or an
 * infrastructure failure gives it back, and a student who uploads {@code invalidPerHour} unreadable files
 * within an hour waits before the next upload.
 * Files that were graded are kept under {@code uploads/} so that a corrected key can regrade them;
 * unreadable ones are not kept.
 */
public final class SubmissionService {
    private static final String INTERRUPTED = "the server stopped while this file was being received, so it was not graded;"
            + " this costs no submission: upload it again";

    private final SubmissionStore store;
    private final LabCatalog labs;
    private final Path uploadsDir;
    private final Clock clock;
    private final CourseTime courseTime;
    private final long maxUploadBytes;
    private final int invalidPerHour;
    private final Grading grading;
    private final WriteupStore writeups;

    public SubmissionService(Jdbi jdbi, LabCatalog labs, Path uploadsDir, Clock clock, CourseTime courseTime, long maxUploadBytes,
                             int invalidPerHour) {
        this.store = new SubmissionStore(jdbi);
        this.labs = labs;
        this.uploadsDir = uploadsDir;
        this.clock = clock;
        this.courseTime = courseTime;
        this.maxUploadBytes = maxUploadBytes;
        this.invalidPerHour = invalidPerHour;
        this.grading = new Grading(labs::key, maxUploadBytes);
        this.writeups = new WriteupStore(jdbi);
    }

    /**
     * Accepts an uploaded predictions file from the viewer: stores it, checks it, grades it. Returns the
     * submission (GRADED, or INVALID with the file's first problems) as the viewer may see it.
     * @throws SubmissionRefusedException when the window is closed or a limit is reached (nothing stored)
     */
    public SubmissionView submitPredictions(Viewer viewer, String labId, String exerciseId, String fileName, InputStream content)
            throws IOException {
        return submitPredictions(viewer, labId, exerciseId, fileName, content, null);
    }

    /**
     * As {@link #submitPredictions(Viewer, String, String, String, InputStream)}, with the student's write-up (Markdown,
     * kept with the submission when the exercise asks for one; see {@link #requireWriteup}).
     */
    public SubmissionView submitPredictions(Viewer viewer, String labId, String exerciseId, String fileName, InputStream content,
                                            String writeup) throws IOException {
        Lab lab = lab(labId);
        Exercise ex = exercise(lab, exerciseId);
        if (ex.kind() != Exercise.Kind.PREDICTIONS) throw new SubmissionRefusedException("exercise '" + exerciseId + "' takes a job, not a file");
        requireWriteup(ex, writeup);
        requireFewUnreadable(viewer.userId(), lab);
        long id = admit(viewer.userId(), lab, ex, "predictions", null);
        keepWriteup(id, ex, writeup);
        Path file = uploadsDir.resolve(lab.id()).resolve(ex.id()).resolve(Long.toString(viewer.userId()))
                .resolve(id + extension(fileName));
        store.setFile(id, uploadsDir.relativize(file).toString()); // first: a restarted server knows where the bytes were going
        try {
            receive(content, file);
        } catch (IOException e) {
            store.finish(id, SubmissionStatus.NOT_GRADABLE, clock.instant(), "the upload could not be stored: " + e.getMessage());
            if (DiskFull.in(e)) throw e; // not the student's to fix: the server's page for a full disk (507)
            return view(viewer, store.find(id).orElseThrow());
        }
        gradeFirst(store.find(id).orElseThrow(), lab, ex, file);
        return view(viewer, store.find(id).orElseThrow());
    }

    /**
     * Finishes the uploads a stopped server left pending (called on start): a file that had arrived whole is
     * graded, one that had not is not gradable and costs nothing. Returns how many it finished.
     */
    public int finishInterruptedUploads() {
        List<Submission> pending = store.pending("predictions");
        for (Submission s : pending) {
            Path file = s.filePath() == null ? null : uploadsDir.resolve(s.filePath());
            try {
                Lab lab = lab(s.labId());
                if (file != null && Files.isRegularFile(file)) {
                    gradeFirst(s, lab, exercise(lab, s.exerciseId()), file);
                    continue;
                }
                if (file != null) Files.deleteIfExists(partOf(file));
                store.finish(s.id(), SubmissionStatus.NOT_GRADABLE, clock.instant(), INTERRUPTED);
            } catch (IOException | NoSuchElementException e) {
                store.finish(s.id(), SubmissionStatus.NOT_GRADABLE, clock.instant(), "could not be graded: " + e.getMessage());
            }
        }
        return pending.size();
    }

    /** Pending submissions by kind (predictions, job), for operators' metrics. */
    public Map<String, Integer> pendingByKind() { return store.pendingByKind(); }

    /** The jobs whose submissions still wait for them, for {@link JobGrading} to look at after a restart. */
    List<Long> pendingJobs() {
        return store.pending("job").stream().map(Submission::jobId).toList();
    }

    /** Records the job a student started for a job exercise (PENDING; counts as an attempt unless it fails). */
    public SubmissionView submitJob(Viewer viewer, String labId, String exerciseId, long jobId) {
        return submitJob(viewer, labId, exerciseId, jobId, null);
    }

    /** As {@link #submitJob(Viewer, String, String, long)}, with the student's write-up. */
    public SubmissionView submitJob(Viewer viewer, String labId, String exerciseId, long jobId, String writeup) {
        Lab lab = lab(labId);
        Exercise ex = exercise(lab, exerciseId);
        if (ex.kind() != Exercise.Kind.JOB) throw new SubmissionRefusedException("exercise '" + exerciseId + "' takes a predictions file, not a job");
        requireWriteup(ex, writeup);
        long id = admit(viewer.userId(), lab, ex, "job", jobId);
        keepWriteup(id, ex, writeup);
        return view(viewer, store.find(id).orElseThrow());
    }

    /** How long a write-up may be: a short description of the method, not a report. */
    public static final int WRITEUP_MAX_CHARS = 4000;

    /**
     * Refuses (before anything is stored or counted) a write-up that is too long, or a missing one where the
     * exercise requires it. An exercise that asks for none ignores what is sent.
     * @throws SubmissionRefusedException saying what is wrong
     */
    public static void requireWriteup(Exercise ex, String writeup) {
        if (!ex.writeup().asked()) return;
        boolean blank = writeup == null || writeup.isBlank();
        if (blank && ex.writeup().required()) {
            throw new SubmissionRefusedException("this exercise needs a short description of your method (the write-up) with each submission");
        }
        if (!blank && writeup.length() > WRITEUP_MAX_CHARS) {
            throw new SubmissionRefusedException("the write-up is " + writeup.length() + " characters long; at most " + WRITEUP_MAX_CHARS + " are taken");
        }
    }

    private void keepWriteup(long submissionId, Exercise ex, String writeup) {
        if (ex.writeup().asked() && writeup != null && !writeup.isBlank()) writeups.put(submissionId, writeup.strip());
    }

    /** The write-up that came with a submission, when the viewer may see it (their own, or any for an instructor). */
    public Optional<String> writeup(Viewer viewer, long submissionId) {
        return store.find(submissionId).filter(s -> viewer.instructor() || s.userId() == viewer.userId())
                .flatMap(s -> writeups.of(submissionId));
    }

    /** The write-ups of these submissions, by id (the gradebook's and My grades' own lookups: they check who may see them). */
    Map<Long, String> writeups(java.util.Collection<Long> submissionIds) {
        return writeups.of(submissionIds);
    }

    /** Grades a finished job's predictions (copied under uploads/ first, so regrades outlive the job folder). */
    public void gradeJob(long jobId, Path predictionsFile) {
        Submission s = store.findByJob(jobId).orElseThrow(() -> new NoSuchElementException("no submission for job " + jobId));
        if (s.status() != SubmissionStatus.PENDING) return; // graded already: two servers saw the job end
        Lab lab = lab(s.labId());
        Exercise ex = exercise(lab, s.exerciseId());
        Path file = uploadsDir.resolve(lab.id()).resolve(ex.id()).resolve(Long.toString(s.userId())).resolve(s.id() + ".jsonl");
        try {
            Files.createDirectories(file.getParent());
            Files.copy(predictionsFile, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            store.finish(s.id(), SubmissionStatus.NOT_GRADABLE, clock.instant(), "the job's predictions could not be read: " + e.getMessage());
            return;
        }
        store.setFile(s.id(), uploadsDir.relativize(file).toString());
        gradeFirst(s, lab, ex, file);
    }

    /** A job that failed or was cancelled: not gradable, and no attempt counted. */
    public void jobFailed(long jobId, String message) {
        Submission s = store.findByJob(jobId).orElseThrow(() -> new NoSuchElementException("no submission for job " + jobId));
        store.finish(s.id(), SubmissionStatus.NOT_GRADABLE, clock.instant(), message);
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

    /** One submission, when the viewer may see it (their own, or any for an instructor). */
    public Optional<SubmissionView> find(Viewer viewer, long submissionId) {
        return store.find(submissionId).filter(s -> viewer.instructor() || s.userId() == viewer.userId()).map(s -> view(viewer, s));
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

    /** When each of these students last handed something in (any lab, any outcome); students who never did are left out. */
    public Map<Long, Instant> lastSubmitted(Collection<Long> userIds) {
        return userIds.isEmpty() ? Map.of() : store.lastSubmitted(userIds);
    }

    /** What the student may still submit now. */
    public Attempts attempts(long userId, String labId, String exerciseId) {
        Lab lab = lab(labId);
        Exercise ex = exercise(lab, exerciseId);
        Instant now = clock.instant();
        ZonedDateTime today = LocalDate.ofInstant(now, lab.zone()).atStartOfDay(lab.zone());
        Instant midnight = today.plusDays(1).toInstant();
        int usedToday = store.countAttempts(userId, lab.id(), ex.id(), today.toInstant(), midnight);
        int usedTotal = store.countAttempts(userId, lab.id(), ex.id(), Instant.EPOCH, SubmissionStore.END_OF_TIME);
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

    /** One student's later deadline for an exercise. */
    public record Extension(long userId, Instant deadline) {}

    /**
     * Gives one student a later deadline for one exercise (replacing an earlier extension): after the lab's
     * deadline, not past, and at most a year after the lab closes.
     * @throws IllegalArgumentException with what is wrong with the date
     */
    public void grantExtension(Viewer viewer, long userId, String labId, String exerciseId, Instant newDeadline) {
        requireInstructor(viewer);
        Lab lab = lab(labId);
        exercise(lab, exerciseId);
        Instant now = clock.instant();
        Instant latest = lab.closes().atZone(lab.zone()).plusYears(1).toInstant();
        if (!newDeadline.isAfter(lab.deadline())) {
            throw new IllegalArgumentException("the new deadline must be after the lab's deadline, " + courseTime.format(lab.deadline()));
        }
        if (!newDeadline.isAfter(now)) throw new IllegalArgumentException("the new deadline is already past: it is now " + courseTime.format(now));
        if (newDeadline.isAfter(latest)) {
            throw new IllegalArgumentException("the new deadline must be at most a year after the lab closes: by " + courseTime.format(latest));
        }
        store.putExtension(userId, labId, exerciseId, newDeadline);
    }

    /** The extensions granted for an exercise, earliest deadline first (for instructors). */
    public List<Extension> extensions(Viewer viewer, String labId, String exerciseId) {
        requireInstructor(viewer);
        return store.extensions(labId, exerciseId);
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
        return revealed(viewer, revealAt(lab, ex));
    }

    /** Whether the viewer may see private scores revealed at {@code revealAt}. */
    boolean revealed(Viewer viewer, Instant revealAt) {
        return viewer.instructor() || !clock.instant().isBefore(revealAt);
    }

    SubmissionStore store() { return store; }

    Grading grading() { return grading; }

    Path uploadsDir() { return uploadsDir; }

    Lab lab(String labId) {
        return labs.lab(labId).orElseThrow(() -> new NoSuchElementException("no lab '" + labId + "'"));
    }

    static Exercise exercise(Lab lab, String exerciseId) {
        return lab.exercise(exerciseId).orElseThrow(() -> new NoSuchElementException("lab " + lab.id() + " has no exercise '" + exerciseId + "'"));
    }

    static void requireInstructor(Viewer viewer) {
        if (!viewer.instructor()) throw new SecurityException("only instructors may do this");
    }

    private boolean regrade(Submission s) {
        if (s.filePath() == null || s.status() == SubmissionStatus.PENDING) return false;
        Path file = uploadsDir.resolve(s.filePath());
        if (!Files.isRegularFile(file)) return false;
        Lab lab = lab(s.labId());
        Grading.Evaluation e = grading.evaluate(lab, exercise(lab, s.exerciseId()), file);
        store.setResult(s.id(), e.status(), e.score(), e.reported(), clock.instant(), e.message());
        return true;
    }

    private SubmissionView view(Viewer viewer, Submission s) {
        if (!viewer.instructor() && viewer.userId() != s.userId()) throw new SecurityException("not your submission");
        Lab lab = lab(s.labId());
        return SubmissionView.of(s, revealed(viewer, lab, exercise(lab, s.exerciseId())));
    }

    /**
     * Checks the window, then records a PENDING submission if the limits allow: counted and written under the
     * student's admission lock for the exercise, so that the limits hold across requests and servers.
     */
    private long admit(long userId, Lab lab, Exercise ex, String kind, Long jobId) {
        Attempts a = requireOpen(userId, lab, ex);
        ZonedDateTime today = LocalDate.ofInstant(clock.instant(), lab.zone()).atStartOfDay(lab.zone());
        return store.admit(userId, lab.id(), ex.id(), kind, jobId, clock.instant(), a.late(), today.toInstant(),
                today.plusDays(1).toInstant(), used -> refuseOverLimit(ex, used, a.resetsAt()));
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
        if (lab.opens() != null && now.isBefore(lab.opens())) throw new SubmissionRefusedException("this lab opens at " + courseTime.format(lab.opens()));
        if (!a.open()) throw new SubmissionRefusedException("submissions closed at " + courseTime.format(a.closes()));
        refuseOverLimit(ex, new SubmissionStore.Used(ex.dailyLimit() - a.leftToday(), ex.totalLimit() - a.leftTotal(), 0), a.resetsAt());
        return a;
    }

    private void refuseOverLimit(Exercise ex, SubmissionStore.Used used, Instant resetsAt) {
        String waiting = used.pending() == 0 ? "" : " (" + (used.pending() == 1 ? "one is" : used.pending() + " are")
                + " still being graded or run: one that cannot be graded gives its attempt back)";
        if (used.total() >= ex.totalLimit()) {
            throw new SubmissionRefusedException("you have used all " + ex.totalLimit() + " submissions of this exercise" + waiting);
        }
        if (used.today() >= ex.dailyLimit()) {
            throw new SubmissionRefusedException("you have used today's " + ex.dailyLimit() + " submissions" + waiting
                    + "; more from " + courseTime.format(resetsAt));
        }
    }

    /** Unreadable uploads cost no attempt, so they are rationed per hour instead (they still cost the server). */
    private void requireFewUnreadable(long userId, Lab lab) {
        List<Instant> recent = store.invalidSince(userId, clock.instant().minus(Duration.ofHours(1)));
        if (recent.size() < invalidPerHour) return;
        Instant from = recent.get(recent.size() - invalidPerHour).plus(Duration.ofHours(1));
        throw new SubmissionRefusedException("you have uploaded " + recent.size() + " files that could not be read in the last hour;"
                + " check your file against the format in the lab's instructions, and upload again from " + courseTime.format(from));
    }

    /** Records the first grading of a pending submission; an unreadable file is deleted, not kept. */
    private void gradeFirst(Submission s, Lab lab, Exercise ex, Path file) {
        Grading.Evaluation e = grading.evaluate(lab, ex, file);
        Instant now = clock.instant();
        if (e.status() == SubmissionStatus.GRADED) {
            ZonedDateTime day = LocalDate.ofInstant(s.submittedAt(), lab.zone()).atStartOfDay(lab.zone());
            SubmissionStore.Graded g = store.finishGraded(s, e.score(), e.reported(), now, day.toInstant(), day.plusDays(1).toInstant(),
                    ex.dailyLimit(), ex.totalLimit(), total -> "not graded, and it costs nothing: by the time it was graded you had used "
                            + (total ? "all " + ex.totalLimit() + " submissions of this exercise" : "that day's " + ex.dailyLimit() + " submissions")
                            + " (another submission was graded first)");
            if (g == SubmissionStore.Graded.OVER_LIMIT) forget(s.id(), file);
        } else if (store.finish(s.id(), e.status(), now, e.message()) && e.status() == SubmissionStatus.INVALID) {
            forget(s.id(), file);
        }
    }

    /** A file that does not count is not kept: unreadable uploads would otherwise pile up for ever. */
    private void forget(long id, Path file) {
        store.clearFile(id);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the row no longer points at it; a later clean-up of uploads/ finds it
        }
    }

    /** Writes the upload beside its place, then moves it there whole: a file in its place is always complete. */
    private void receive(InputStream content, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path part = partOf(file);
        try {
            try (OutputStream out = Files.newOutputStream(part)) {
                copyAtMost(content, out, maxUploadBytes + 1); // one byte over is enough for the parser to say "too large"
            }
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private static Path partOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".part");
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
