package dev.nlulab.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nlulab.config.Settings;
import dev.nlulab.course.LessonValidator;
import dev.nlulab.jobs.JobKinds;
import dev.nlulab.jobs.JobRejectedException;
import dev.nlulab.jobs.JobService;
import dev.nlulab.jobs.LocalExecutor;
import dev.nlulab.labs.LabCatalog;
import dev.nlulab.store.Database;
import dev.nlulab.store.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bad-input corpus for what authors and job forms hand in: every line of a lesson's front matter, quiz and
 * demo blocks and of a lab.yaml broken in several ways, and malformed specs for every job kind. Nothing throws;
 * each broken file is reported with its own name and a line inside it; a bad spec is refused by field.
 */
class BadContentFilesTest {
    static final List<Function<String, String>> BREAKS = List.of(
            line -> line.replaceFirst(":\\s.*$", ": [unclosed"),
            line -> line.replaceFirst(":\\s.*$", ": \"<script>alert(1)</script>") ,
            line -> "\t" + line + " }: {");

    @TempDir
    Path tmp;

    @Test
    void everyBrokenLineOfALessonOrALabIsReportedWithItsFileAndLine() throws IOException {
        int cases = 0, reported = 0;
        List<String> failures = new ArrayList<>();
        Path lessons = copy(Path.of("src/test/resources/course/good"), tmp.resolve("lessons"));
        Path lesson = lessons.resolve("representations/01-tokenization.md");
        List<String> text = Files.readAllLines(lesson);
        for (int i = 0; i < text.size(); i++) {
            if (!isYaml(text, i)) continue;
            for (Function<String, String> broken : BREAKS) {
                cases++;
                write(lesson, text, i, broken);
                try {
                    List<Problem> problems = LessonValidator.validate(lessons);
                    if (problems.stream().anyMatch(p -> p.file().endsWith(Path.of("01-tokenization.md")))) reported++;
                    for (Problem p : problems) checkPlace(p, lessons, failures, "lesson line " + (i + 1));
                } catch (RuntimeException e) {
                    failures.add("lesson line " + (i + 1) + " broken as '" + broken.apply(text.get(i)) + "': " + e);
                }
            }
        }
        Path course = copy(Path.of("src/test/resources/labs/course"), tmp.resolve("labs-course"));
        Path lab = course.resolve("labs/good-lab/lab.yaml");
        List<String> yaml = Files.readAllLines(lab);
        for (int i = 0; i < yaml.size(); i++) {
            for (Function<String, String> broken : BREAKS) {
                cases++;
                write(lab, yaml, i, broken);
                try {
                    LabCatalog catalog = new LabCatalog(course.resolve("labs"), course.resolve("grader"));
                    catalog.labs();
                    if (catalog.problems().containsKey("good-lab")) reported++;
                    catalog.problems().values().forEach(ps -> ps.forEach(p -> checkPlace(p, course, failures, "lab.yaml line ")));
                } catch (RuntimeException e) {
                    failures.add("lab.yaml line " + (i + 1) + " broken as '" + broken.apply(yaml.get(i)) + "': " + e);
                }
            }
        }
        assertThat(cases).isGreaterThanOrEqualTo(100);
        assertThat(failures).as("of %d broken files", cases).isEmpty();
        assertThat(reported).as("broken files reported (some breaks leave valid YAML, like a comment-free string)")
                .isGreaterThan(cases / 2);
    }

    @Test
    void malformedSpecsForEveryJobKindAreRefusedByFieldNeverThrownAsSomethingElse() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> specs = List.of("null", "[]", "\"text\"", "42", "{}", "{\"rank\": \"x\"}", "{\"rank\": -1, \"bits\": 99}",
                "{\"seconds\": 1e309}", "{\"seconds\": [1]}", "{\"k1\": {\"a\": 1}, \"b\": null}", "{\"steps\": 99999999999}",
                "{\"model\": \"../../etc/passwd\", \"dataset\": \"<script>\"}", "{" + "\"x\":{".repeat(200) + "}".repeat(201));
        List<String> failures = new ArrayList<>();
        int cases = 0;
        try (Database db = TestDatabases.h2()) {
            long user = db.jdbi().withHandle(h -> h.createUpdate("INSERT INTO users (email, display_name, role, created_at) "
                    + "VALUES ('ada@uni.edu', 'Ada', 'student', CURRENT_TIMESTAMP)").executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
            JobService jobs = new JobService(db, Settings.of(Map.of("data.dir", tmp.resolve("data").toString(),
                    "jobs.max.queued.per.student", "1000", "jobs.max.daily.per.student", "1000")),
                    new LocalExecutor(Settings.of(Map.of())), JobKinds.load(), Clock.systemUTC(), "corpus");
            for (String kind : JobKinds.load().all().keySet()) {
                for (String text : specs) {
                    cases++;
                    JsonNode spec = json.readTree(text);
                    try {
                        jobs.submit(new JobService.JobRequest(user, "lab", "ex", kind, spec, null));
                    } catch (JobRejectedException e) {
                        if (e.problems().isEmpty()) failures.add(kind + " " + text + ": refused without saying why");
                    } catch (RuntimeException e) {
                        failures.add(kind + " " + abbreviate(text) + ": " + e);
                    }
                }
            }
        }
        assertThat(cases).isGreaterThanOrEqualTo(50);
        assertThat(failures).as("of %d specs", cases).isEmpty();
    }

    /** A problem must name a file under the folder, and a line within it (0: the file as a whole). */
    private static void checkPlace(Problem p, Path under, List<String> failures, String what) {
        try {
            long lines = Files.isRegularFile(p.file()) ? Files.readAllLines(p.file()).size() : 0;
            if (!p.file().toAbsolutePath().startsWith(under.toAbsolutePath()) || p.line() < 0 || p.line() > lines + 1) {
                failures.add(what + ": " + p);
            }
        } catch (IOException e) {
            failures.add(what + ": " + p + " (" + e + ")");
        }
    }

    /** Front matter, quiz and demo blocks: the lines that are YAML. */
    private static boolean isYaml(List<String> text, int i) {
        int fence = -1;
        String kind = null;
        for (int j = 0; j <= i; j++) {
            if (j == 0 && text.get(0).equals("---")) kind = "front";
            else if ("front".equals(kind) && text.get(j).equals("---")) { kind = null; if (j == i) return false; }
            else if (text.get(j).startsWith("```")) {
                if (kind == null && (text.get(j).equals("```quiz") || text.get(j).equals("```demo"))) { kind = "block"; fence = j; }
                else if ("block".equals(kind)) { kind = null; if (j == i) return false; }
            }
        }
        return kind != null && i != 0 && i != fence;
    }

    private static void write(Path file, List<String> lines, int i, Function<String, String> broken) throws IOException {
        List<String> copy = new ArrayList<>(lines);
        copy.set(i, broken.apply(lines.get(i)));
        Files.write(file, copy);
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 2000L * i));
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(t);
                else Files.copy(f, t);
            }
        }
        return to;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }
}
