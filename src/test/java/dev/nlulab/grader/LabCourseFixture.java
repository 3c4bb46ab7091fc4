package dev.nlulab.grader;

import dev.nlulab.web.TestServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * A temporary course for the lab pages: lab "open" (deadline next month) with a predictions exercise
 * "cls" (accuracy, 2 a day), "fix" whose key tests regrading, "pick" whose final is chosen, and a BM25 job
 * exercise "run"; lab "broken" whose lab.yaml has a bad deadline;
 * lab "past" whose deadline has passed but which still takes late submissions (10% penalty), for the
 * final leaderboard. Keys have 20 items q0..q19 with gold "a", under grader/ (never served).
 */
public final class LabCourseFixture {
    public static final int ITEMS = 20;
    public final Path course;

    public LabCourseFixture() {
        try {
            course = Files.createTempDirectory("nlulab-labs-course");
            Files.createSymbolicLink(course.resolve("static"), Path.of("static").toAbsolutePath());
            DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
            LocalDateTime now = LocalDateTime.now(ZoneId.of("Europe/Berlin"));
            lab("open", "Open competition", now.minusDays(3), now.plusDays(30), now.plusDays(37), f, """
                      - id: cls
                        title: Classify the items
                        kind: predictions
                        metric: accuracy
                        points: 10
                        daily_limit: 2
                        total_limit: 10
                        public_fraction: 0.5
                      - id: fix
                        title: A key to be corrected
                        kind: predictions
                        metric: accuracy
                        points: 5
                        daily_limit: 5
                        total_limit: 10
                        public_fraction: 0.5
                      - id: pick
                        title: Choose your final
                        kind: predictions
                        metric: accuracy
                        points: 1
                        daily_limit: 5
                        total_limit: 10
                        public_fraction: 0.5
                        final: chosen
                      - id: run
                        title: Tune BM25
                        kind: job
                        job:
                          kind: bm25-reverse-dictionary
                          parameters:
                            k1: {type: number, min: 0, max: 3, default: 1.2, description: term-frequency saturation}
                            b: {type: number, min: 0, max: 1, default: 0.75}
                            dev: {type: bool, default: true}
                        metric: accuracy
                        points: 2
                    """, List.of("cls", "fix", "pick", "run"));
            lab("past", "Past competition", now.minusDays(20), now.minusDays(1), now.plusDays(6), f, """
                      - id: cls
                        title: Classify the items
                        kind: predictions
                        metric: accuracy
                        points: 10
                        daily_limit: 5
                        total_limit: 10
                        public_fraction: 0.5
                    """, List.of("cls"));
            writeKey("fix", "a");
            Path broken = Files.createDirectories(course.resolve("labs/broken"));
            Files.writeString(broken.resolve("lab.yaml"), "title: Broken\nmodule: x\ndeadline: not-a-date\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void lab(String id, String title, LocalDateTime opens, LocalDateTime deadline, LocalDateTime closes, DateTimeFormatter f,
                     String exercises, List<String> ids) throws IOException {
        Path lab = Files.createDirectories(course.resolve("labs").resolve(id));
        Files.writeString(lab.resolve("README.md"), "# " + title + "\n\nPredict the label of each item.\n\n| file | lines |\n|---|---|\n| train.jsonl | 3 |\n\n<script>alert(1)</script>\n");
        Files.writeString(lab.resolve("lab.yaml"), """
                title: %s
                module: representations
                summary: A small competition for the lab pages' tests.
                opens: %s
                deadline: %s
                closes: %s
                timezone: Europe/Berlin
                late: {policy: penalty, penalty: 0.1}
                leaderboard: {pseudonyms: true}
                exercises:
                %s""".formatted(title, f.format(opens), f.format(deadline), f.format(closes), exercises));
        Path data = Files.createDirectories(lab.resolve("data"));
        Files.writeString(data.resolve("train.jsonl"), "{\"id\":\"t1\",\"text\":\"x\",\"label\":\"a\"}\n{\"id\":\"t2\",\"text\":\"y\",\"label\":\"a\"}\n{\"id\":\"t3\",\"text\":\"z\",\"label\":\"b\"}\n");
        Path hidden = Files.createDirectories(course.resolve("grader").resolve(id));
        StringBuilder grading = new StringBuilder("exercises:\n");
        for (String ex : ids) grading.append("  ").append(ex).append(":\n    key: ").append(ex.equals("fix") ? "fix" : "key").append(".jsonl\n");
        Files.writeString(hidden.resolve("grading.yaml"), grading);
        Files.writeString(hidden.resolve("key.jsonl"), key("a"));
    }

    /** Rewrites the "fix" exercise's key with another gold label (a corrected key), with a later modification time. */
    public void writeKey(String exercise, String gold) throws IOException {
        Path key = course.resolve("grader/open").resolve(exercise + ".jsonl");
        long before = Files.exists(key) ? Files.getLastModifiedTime(key).toMillis() : 0;
        Files.writeString(key, key(gold));
        Files.setLastModifiedTime(key, java.nio.file.attribute.FileTime.fromMillis(Math.max(before + 2000, System.currentTimeMillis())));
    }

    private static String key(String gold) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ITEMS; i++) sb.append("{\"id\":\"q").append(i).append("\",\"gold\":\"").append(gold).append("\"}\n");
        return sb.toString();
    }

    /** Adds the web tests' lessons ({@link dev.nlulab.course.CourseSite}) to this course, for pages that show both. */
    public LabCourseFixture withLessons() {
        try {
            Path site = dev.nlulab.course.CourseSite.make(Files.createTempDirectory("nlulab-site")).resolve("lessons");
            try (var files = Files.walk(site)) {
                for (Path f : files.toList()) {
                    Path to = course.resolve("lessons").resolve(site.relativize(f).toString());
                    if (Files.isDirectory(f)) Files.createDirectories(to);
                    else Files.copy(f, to);
                }
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server over this course. */
    public TestServer server() {
        return TestServer.start(Map.of("course.dir", course.toString()), List.of());
    }

    /** Whether item q{i} of an exercise is on the public half. */
    public static boolean isPublic(String lab, String exercise, int i) {
        return PublicSplit.isPublic(lab, exercise, "q" + i, 0.5);
    }

    /** A CSV predicting "a" (right under the original key) for the items {@code right} accepts, "b" for the others. */
    public static byte[] predictions(IntPredicate right) {
        StringBuilder sb = new StringBuilder("id,prediction\n");
        for (int i = 0; i < ITEMS; i++) sb.append('q').append(i).append(',').append(right.test(i) ? "a" : "b").append('\n');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The line of labs/broken/lab.yaml that has a problem. */
    public static final int BROKEN_LINE = 3;

    /** A file with three problems: a duplicate id (line 3), an unknown id (line 4), and every other item missing. */
    public static byte[] badPredictions() {
        return "id,prediction\nq0,a\nq0,a\nzzz,a\n".getBytes(StandardCharsets.UTF_8);
    }
}
