package dev.nlulab.grader;

import dev.nlulab.accounts.UserStore;
import dev.nlulab.identity.Role;
import dev.nlulab.identity.User;
import dev.nlulab.identity.Viewer;
import dev.nlulab.labs.LabCatalog;
import dev.nlulab.store.Database;
import dev.nlulab.store.InstallationSecret;
import dev.nlulab.testkit.MutableClock;
import dev.nlulab.web.CourseTime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * A course with one competition lab "comp" (10 test items, all gold "a"; deadline 2026-12-01 18:00 Berlin,
 * closes a week later), a database with students, and the services over them: uploads up to 1 MB, and
 * {@value #INVALID_PER_HOUR} unreadable files an hour per student.
 */
final class GraderFixture {
    static final String LAB = "comp";
    static final String EX = "cls";
    static final int ITEMS = 10;
    static final int INVALID_PER_HOUR = 3;

    final Path course;
    final Database db;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
    final SubmissionService submissions;
    final LeaderboardService boards;
    final Pseudonyms pseudonyms;
    private final long maxUploadBytes;

    GraderFixture(Path course, Database db, String latePolicy, boolean pseudonyms) throws IOException {
        this.course = course;
        this.db = db;
        Path lab = Files.createDirectories(course.resolve("labs").resolve(LAB));
        Files.writeString(lab.resolve("README.md"), "# Comp\n");
        Files.writeString(lab.resolve("lab.yaml"), """
                title: Comp
                module: representations
                opens: 2026-11-01
                deadline: 2026-12-01T18:00
                closes: 2026-12-08T18:00
                timezone: Europe/Berlin
                late: %s
                leaderboard: {pseudonyms: %s}
                exercises:
                  - id: cls
                    title: Classify
                    kind: predictions
                    metric: accuracy
                    points: 10
                    daily_limit: 2
                    total_limit: 3
                    public_fraction: 0.5
                  - id: run
                    title: Train
                    kind: job
                    job: {kind: qalora-finetune, parameters: {rank: {type: int, default: 8}}}
                    metric: accuracy
                    points: 5
                """.formatted(latePolicy, pseudonyms));
        Path hidden = Files.createDirectories(course.resolve("grader").resolve(LAB));
        Files.writeString(hidden.resolve("grading.yaml"), "exercises:\n  cls:\n    key: cls.jsonl\n  run:\n    key: cls.jsonl\n");
        writeKey("a");
        maxUploadBytes = 1 << 20;
        submissions = newService();
        this.pseudonyms = new Pseudonyms(InstallationSecret.of(db.jdbi()));
        boards = new LeaderboardService(submissions, directory(id -> "name" + id), this.pseudonyms);
    }

    /** The service a (re)started server builds: a fresh catalog and service over the same database and folders. */
    SubmissionService newService() {
        LabCatalog catalog = new LabCatalog(course.resolve("labs"), course.resolve("grader"));
        return new SubmissionService(db.jdbi(), catalog, course.resolve("uploads"), clock, new CourseTime(ZoneId.of("UTC")), maxUploadBytes,
                INVALID_PER_HOUR);
    }

    void writeKey(String gold) throws IOException {
        Path key = course.resolve("grader").resolve(LAB).resolve("cls.jsonl");
        long before = Files.exists(key) ? Files.getLastModifiedTime(key).toMillis() : 0;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ITEMS; i++) sb.append("{\"id\":\"q").append(i).append("\",\"gold\":\"").append(gold).append("\"}\n");
        Files.writeString(key, sb);
        Files.setLastModifiedTime(key, java.nio.file.attribute.FileTime.fromMillis(Math.max(before + 2000, System.currentTimeMillis())));
    }

    long student(String email) {
        return user(email, "student");
    }

    long instructor(String email) {
        return user(email, "instructor");
    }

    private long user(String email, String role) {
        return db.jdbi().withHandle(h -> h.createUpdate("INSERT INTO users (email, display_name, role, created_at) VALUES (:e, :e, :r, :t)")
                .bind("e", email).bind("r", role).bind("t", OffsetDateTime.now(ZoneOffset.UTC)).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    /** The roster as the accounts feature gives it (students of the users table, by name), with names from {@code name}. */
    StudentDirectory directory(LongFunction<String> name) {
        UserStore users = new UserStore(db.jdbi());
        return new StudentDirectory() {
            @Override
            public String name(long userId) { return name.apply(userId); }

            @Override
            public List<User> students() { return users.all().stream().filter(u -> u.role() == Role.STUDENT).toList(); }
        };
    }

    static boolean isPublic(int item) {
        return isPublic(EX, item);
    }

    static boolean isPublic(String exercise, int item) {
        return PublicSplit.isPublic(LAB, exercise, "q" + item, 0.5);
    }

    /** A JSONL file as a job writes it: "a" (right) for the given items, "b" for the rest. */
    Path jobPredictions(Set<Integer> right) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ITEMS; i++) sb.append("{\"id\":\"q").append(i).append("\",\"prediction\":\"").append(right.contains(i) ? "a" : "b").append("\"}\n");
        return Files.writeString(Files.createTempFile(course, "predictions", ".jsonl"), sb);
    }

    /** A CSV that predicts "a" (right) for the given items and "b" for the rest. */
    static String predictions(Set<Integer> right) {
        StringBuilder sb = new StringBuilder("id,prediction\n");
        for (int i = 0; i < ITEMS; i++) sb.append('q').append(i).append(',').append(right.contains(i) ? "a" : "b").append('\n');
        return sb.toString();
    }

    SubmissionView submit(Viewer who, String csv) throws IOException {
        return submissions.submitPredictions(who, LAB, EX, "predictions.csv", new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
    }

    /** The files kept for a student's submissions to the competition exercise. */
    List<Path> keptFiles(Viewer who) throws IOException {
        Path dir = course.resolve("uploads").resolve(LAB).resolve(EX).resolve(Long.toString(who.userId()));
        if (!Files.isDirectory(dir)) return List.of();
        try (var files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    void renameUser(long userId, String displayName) {
        db.jdbi().useHandle(h -> h.createUpdate("UPDATE users SET display_name = :n WHERE id = :id").bind("n", displayName).bind("id", userId).execute());
    }

    void at(String instant) {
        clock.set(Instant.parse(instant));
    }
}
