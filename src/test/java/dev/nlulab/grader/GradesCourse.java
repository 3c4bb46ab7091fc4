package dev.nlulab.grader;

import dev.nlulab.testkit.MutableClock;
import dev.nlulab.web.TestServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * A temporary course for the grades pages, on a clock the test moves: lab "g" (deadline 2026-12-10 18:00
 * Berlin, late until 12-17 with a 20% penalty, pseudonyms on the boards) with a predictions exercise "cls"
 * (accuracy, 10 points, a write-up required, a baseline "Half right" that predicts the even items right) and a
 * job exercise "run". The key has 20 items q0..q19, all gold "a". The clock starts on 2026-12-01 10:00 UTC.
 */
public final class GradesCourse {
    public static final int ITEMS = 20;
    static final Instant START = Instant.parse("2026-12-01T10:00:00Z");
    /** After the deadline (2026-12-10 17:00 UTC) and before the lab closes. */
    static final Instant AFTER_DEADLINE = Instant.parse("2026-12-11T09:00:00Z");

    public final Path course;
    public final MutableClock clock = new MutableClock(START);

    public GradesCourse() {
        try {
            course = Files.createTempDirectory("nlulab-grades-course");
            Files.createSymbolicLink(course.resolve("static"), Path.of("static").toAbsolutePath());
            Path lab = Files.createDirectories(course.resolve("labs/g"));
            Files.writeString(lab.resolve("README.md"), "# Grades lab\n\nLabel every item.\n");
            Files.writeString(lab.resolve("lab.yaml"), """
                    title: Grades lab
                    module: representations
                    summary: A small competition for the grades pages' tests.
                    opens: 2026-11-01
                    deadline: 2026-12-10T18:00
                    closes: 2026-12-17T18:00
                    timezone: Europe/Berlin
                    late: {policy: penalty, penalty: 0.2}
                    leaderboard: {pseudonyms: true}
                    exercises:
                      - id: cls
                        title: Classify
                        kind: predictions
                        metric: accuracy
                        points: 10
                        daily_limit: 5
                        total_limit: 20
                        public_fraction: 0.5
                        writeup: required
                        baselines:
                          - {name: "Half right", predictions: "baselines/half.jsonl"}
                      - id: run
                        title: Tune BM25
                        kind: job
                        job:
                          kind: bm25-reverse-dictionary
                          parameters:
                            k1: {type: number, min: 0, max: 3, default: 1.2}
                        metric: accuracy
                        points: 2
                    """);
            Path hidden = Files.createDirectories(course.resolve("grader/g/baselines"));
            Files.writeString(hidden.resolve("../grading.yaml").normalize(), "exercises:\n  cls:\n    key: key.jsonl\n  run:\n    key: key.jsonl\n");
            StringBuilder key = new StringBuilder();
            StringBuilder half = new StringBuilder();
            for (int i = 0; i < ITEMS; i++) {
                key.append("{\"id\":\"q").append(i).append("\",\"gold\":\"a\"}\n");
                half.append("{\"id\":\"q").append(i).append("\",\"prediction\":\"").append(i % 2 == 0 ? "a" : "b").append("\"}\n");
            }
            Files.writeString(course.resolve("grader/g/key.jsonl"), key);
            Files.writeString(hidden.resolve("half.jsonl"), half);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TestServer server() {
        return TestServer.start(Map.of("course.dir", course.toString(), "session.hours", "1440"), List.of(), clock); // sessions outlive the moves of the clock
    }

    static boolean isPublic(int i) {
        return PublicSplit.isPublic("g", "cls", "q" + i, 0.5);
    }

    /** A CSV predicting "a" (right) for the items {@code right} accepts, "b" for the others. */
    public static byte[] predictions(IntPredicate right) {
        StringBuilder sb = new StringBuilder("id,prediction\n");
        for (int i = 0; i < ITEMS; i++) sb.append('q').append(i).append(',').append(right.test(i) ? "a" : "b").append('\n');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
