package dev.nlulab.authoring;

import dev.nlulab.labs.LabValidator;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Publishing from a real git repository made in the test: only a valid state is published. */
class CourseSyncTest {
    @TempDir
    Path dir;

    private static final String LAB = """
            title: Toy
            module: basics
            deadline: 2026-12-14
            timezone: UTC
            exercises:
              - id: test
                title: Label
                kind: predictions
                metric: accuracy
                points: 1
            """;

    private Path write(Path root, String file, String text) throws IOException {
        Path p = root.resolve(file);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    private static void commit(Git git, String message) throws Exception {
        git.add().addFilepattern(".").call();
        git.add().addFilepattern(".").setUpdate(true).call();
        git.commit().setMessage(message).setAuthor("Instructor", "i@uni.edu").setCommitter("Instructor", "i@uni.edu").setSign(false).call();
    }

    /** A new course repository (not committed yet) with a course.yaml of one module, basics. */
    private Git repository() throws Exception {
        Git git = Git.init().setDirectory(dir.resolve("course-repo").toFile()).setInitialBranch("main").call();
        write(dir.resolve("course-repo"), "lessons/course.yaml", "title: T\nmodules:\n  - id: basics\n    title: Basics\n    summary: First.\n");
        return git;
    }

    /** Publishing from {@link #repository()} into {@code dir/course}. */
    private CourseSync sync(Supplier<Map<String, Integer>> studentsByLesson) throws IOException {
        return new CourseSync(new CourseSync.Source(dir.resolve("course-repo").toUri().toString(), "main", null, null),
                Files.createDirectories(dir.resolve("course")), dir.resolve("data"), Clock.systemUTC(), studentsByLesson);
    }

    @Test
    void aBrokenLabPublishesNothingAndAGoodChangeIsPublished() throws Exception {
        Path remote = dir.resolve("course-repo");
        Path course = dir.resolve("course");
        try (Git git = repository()) {
            write(remote, "lessons/basics/01-start.md", "---\ntitle: Start\nsummary: The start.\n---\n\nHello.\n");
            write(remote, "labs/toy/lab.yaml", LAB);
            write(remote, "labs/toy/README.md", "# Toy\n");
            write(remote, "grader/toy/grading.yaml", "exercises:\n  test:\n    key: key.jsonl\n");
            write(remote, "grader/toy/key.jsonl", "{\"id\": \"a\", \"gold\": \"x\"}\n");
            commit(git, "first");

            CourseSync sync = sync(Map::of);
            CourseSync.Outcome first = sync.pullAndPublish();
            assertThat(first.published()).as(first.message()).isTrue();
            assertThat(first.changes()).contains(new CourseSync.Change("labs/toy/lab.yaml", CourseSync.ChangeKind.ADDED));
            assertThat(new LabValidator(course.resolve("labs"), course.resolve("grader")).validate("toy").ok()).isTrue();

            // one broken lab beside a good change: nothing of the commit is published
            write(remote, "lessons/basics/01-start.md", "---\ntitle: Start again\nsummary: The start.\n---\n\nHello again.\n");
            write(remote, "labs/toy/lab.yaml", LAB.replace("deadline: 2026-12-14", "deadline: someday"));
            commit(git, "broken");
            CourseSync.Outcome broken = sync.pullAndPublish();
            assertThat(broken.published()).isFalse();
            assertThat(broken.message()).contains("not published").contains("last good state");
            assertThat(broken.problems()).anySatisfy(p -> {
                assertThat(p.file()).isEqualTo(Path.of("labs/toy/lab.yaml"));
                assertThat(p.line()).isEqualTo(3);
                assertThat(p.message()).contains("deadline");
            });
            assertThat(broken.changes()).extracting(CourseSync.Change::path).contains("lessons/basics/01-start.md", "labs/toy/lab.yaml");
            assertThat(Files.readString(course.resolve("labs/toy/lab.yaml"))).isEqualTo(LAB);
            assertThat(Files.readString(course.resolve("lessons/basics/01-start.md"))).contains("Hello.");

            // fixed: published whole, and a file removed in the repository is removed from the course
            write(remote, "labs/toy/lab.yaml", LAB.replace("title: Toy", "title: Toy two"));
            Files.delete(remote.resolve("labs/toy/README.md"));
            write(remote, "labs/toy/README.md", "# Toy two\n");
            Files.delete(remote.resolve("grader/toy/key.jsonl"));
            write(remote, "grader/toy/gold.jsonl", "{\"id\": \"a\", \"gold\": \"y\"}\n");
            write(remote, "grader/toy/grading.yaml", "exercises:\n  test:\n    key: gold.jsonl\n");
            commit(git, "fixed");
            CourseSync.Outcome fixed = sync.pullAndPublish();
            assertThat(fixed.published()).as(fixed.message() + " " + fixed.problems()).isTrue();
            assertThat(fixed.changes()).contains(new CourseSync.Change("grader/toy/key.jsonl", CourseSync.ChangeKind.REMOVED),
                    new CourseSync.Change("lessons/basics/01-start.md", CourseSync.ChangeKind.CHANGED));
            assertThat(Files.readString(course.resolve("labs/toy/lab.yaml"))).contains("Toy two");
            assertThat(course.resolve("grader/toy/key.jsonl")).doesNotExist();
            assertThat(course.resolve(".nlulab-staging")).doesNotExist();
            assertThat(course.resolve(".nlulab-previous")).doesNotExist();

            assertThat(sync.pullAndPublish().message()).contains("is what is served already");
        }
    }

    @Test
    void aLessonIdWithProgressThatACommitDropsWithoutAnAliasIsWarnedOfBeforePublishing() throws Exception {
        Path remote = dir.resolve("course-repo");
        try (Git git = repository()) {
            write(remote, "lessons/basics/02-start.md", "---\ntitle: Start\nsummary: The start.\n---\n\nHello.\n");
            commit(git, "the start renumbered, its alias forgotten");
            CourseSync sync = sync(() -> Map.of("basics/01-start", 3, "basics/02-start", 1));
            CourseSync.Outcome forgotten = sync.pullAndPublish();
            assertThat(forgotten.problems()).singleElement().satisfies(p -> {
                assertThat(p.isError()).isFalse();
                assertThat(p.file()).isEqualTo(Path.of("lessons/basics/01-start.md"));
                assertThat(p.message()).contains("3 students have progress", "aliases: [basics/01-start]");
            });

            write(remote, "lessons/basics/02-start.md", "---\ntitle: Start\nsummary: The start.\naliases: [basics/01-start]\n---\n\nHello.\n");
            commit(git, "its alias");
            CourseSync.Outcome remembered = sync.pullAndPublish();
            assertThat(remembered.published()).isTrue();
            assertThat(remembered.problems()).isEmpty();
        }
    }

    @Test
    void aPasswordInTheUrlOrTheSettingsNeverShowsInWhatIsReported() {
        CourseSync sync = new CourseSync(new CourseSync.Source("http://teacher:s3cret-url@127.0.0.1:9/course.git", "main", "teacher", "t0ken-value"),
                dir.resolve("course"), dir.resolve("data"), Clock.systemUTC());
        CourseSync.Outcome o = sync.pullAndPublish();
        assertThat(o.published()).isFalse();
        assertThat(o.message()).contains("could not pull http://***@127.0.0.1:9/course.git").doesNotContain("s3cret").doesNotContain("t0ken");
        assertThat(sync.source().shownUrl()).doesNotContain("s3cret");
    }
}
