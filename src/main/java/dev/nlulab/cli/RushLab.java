package dev.nlulab.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A course folder for a deadline rush: the repository's lessons and static files, and one open lab with a
 * predictions exercise {@code cls} (on a four-item hidden key) whose daily and total limits are given, plus any
 * further exercises a caller appends (a job exercise, say) graded on the same key. {@code nlulab bench rush} and
 * the tests that rush or attack a server start their platforms on it.
 */
public record RushLab(String id, int dailyLimit, int totalLimit, String moreExercises) {
    /** A whole, valid predictions file for exercise {@code cls} (three of four right). */
    public static final byte[] PREDICTIONS = "id,prediction\nq0,a\nq1,a\nq2,b\nq3,b\n".getBytes(StandardCharsets.UTF_8);

    public RushLab(String id, int dailyLimit, int totalLimit) {
        this(id, dailyLimit, totalLimit, "");
    }

    /** The path students upload {@link #PREDICTIONS} to. */
    public String uploadPath() {
        return "/labs/" + id + "/cls/submissions";
    }

    /** Writes the course under {@code dir} (lessons and static linked from {@code repo}) and returns {@code dir}. */
    public Path writeCourse(Path dir, Path repo) throws IOException {
        Files.createDirectories(dir);
        Files.createSymbolicLink(dir.resolve("lessons"), repo.resolve("lessons").toAbsolutePath());
        Files.createSymbolicLink(dir.resolve("static"), repo.resolve("static").toAbsolutePath());
        Path lab = Files.createDirectories(dir.resolve("labs").resolve(id));
        Files.createDirectories(lab.resolve("data"));
        Files.writeString(lab.resolve("data/train.csv"), "id,text\nq0,hello\n");
        Files.writeString(lab.resolve("README.md"), "# " + id + "\n");
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        Files.writeString(lab.resolve("lab.yaml"), """
                title: %s
                module: representations
                opens: %s
                deadline: %s
                closes: %s
                timezone: UTC
                leaderboard: {pseudonyms: true}
                exercises:
                  - id: cls
                    title: Classify
                    kind: predictions
                    metric: accuracy
                    points: 1
                    daily_limit: %d
                    total_limit: %d
                """.formatted(id, f.format(now.minusDays(1)), f.format(now.plusDays(30)), f.format(now.plusDays(37)),
                dailyLimit, totalLimit) + moreExercises);
        Path hidden = Files.createDirectories(dir.resolve("grader").resolve(id));
        StringBuilder grading = new StringBuilder("exercises:\n  cls:\n    key: key.jsonl\n");
        for (String line : moreExercises.split("\n")) {
            String t = line.strip();
            if (t.startsWith("- id:")) grading.append("  ").append(t.substring(5).strip()).append(":\n    key: key.jsonl\n");
        }
        Files.writeString(hidden.resolve("grading.yaml"), grading);
        Files.writeString(hidden.resolve("key.jsonl"), "{\"id\":\"q0\",\"gold\":\"a\"}\n{\"id\":\"q1\",\"gold\":\"a\"}\n"
                + "{\"id\":\"q2\",\"gold\":\"a\"}\n{\"id\":\"q3\",\"gold\":\"b\"}\n");
        return dir;
    }
}
