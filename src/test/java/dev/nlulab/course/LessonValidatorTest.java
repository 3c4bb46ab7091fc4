package dev.nlulab.course;

import dev.nlulab.content.Problem;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LessonValidatorTest {
    private final Path dir = CourseFixtures.dir("broken");
    private final List<Problem> problems = LessonValidator.validate(dir);

    private void assertProblem(String file, int line, String messagePart) {
        assertThat(problems)
                .as("a problem in %s at line %d containing '%s'", file, line, messagePart)
                .anyMatch(p -> p.file().endsWith(Path.of(file)) && p.line() == line && p.message().contains(messagePart));
    }

    @Test
    void missingTitleIsReportedAtTheFrontMatter() {
        assertProblem("representations/02-no-title.md", 1, "no title");
    }

    @Test
    void brokenFrontMatterYamlIsReportedWithItsLine() {
        assertProblem("representations/03-bad-front-matter.md", 3, "front matter: YAML");
    }

    @Test
    void quizProblemsAreEachReportedAtTheirQuestion() {
        String f = "representations/04-quiz-problems.md";
        assertProblem(f, 13, "answer index 2 is out of range");
        assertProblem(f, 18, "answer lists no correct option");
        assertProblem(f, 19, "duplicate question id 'q1'");
        assertProblem(f, 23, "has no 'answer:'");
        assertProblem(f, 30, "YAML: expected ',' or '}'");
        assertProblem(f, 34, "unknown demo 'teleport'");
    }

    @Test
    void deadLinksAndMissingImagesAreReportedWithTheirLine() {
        String f = "representations/05-links.md";
        assertProblem(f, 7, "no lesson retrieval/09-nothing");
        assertProblem(f, 9, "has no heading or anchor #no-such-heading");
        assertProblem(f, 11, "missing image 'img/nowhere.png'");
    }

    @Test
    void linksWrittenAsALessonsPageAreCheckedToo() {
        String f = "representations/05-links.md";
        assertProblem(f, 13, "dead link '/lessons/retrieval/01-bm52': no lesson retrieval/01-bm52");
        assertProblem(f, 15, "lesson retrieval/01-bm25 has no heading or anchor #no-such-heading");
        assertThat(problems).as("a page's existing anchor, a module, a lab and a picture are not dead links")
                .noneMatch(p -> p.file().endsWith(f) && p.line() == 17);
    }

    @Test
    void repeatedNumbersAndSlugsInAModuleAreErrors() {
        assertProblem("representations/05-twice.md", 1, "lesson number 5 is also used by 05-links.md");
        assertProblem("representations/06-ok.md", 1, "slug 'ok' is also used by 01-ok.md");
    }

    @Test
    void aFileThatIsNotUtf8IsReportedAtTheBadLine() {
        assertProblem("representations/07-latin1.md", 5, "not UTF-8");
    }

    @Test
    void aBadFileNameIsReported() {
        assertProblem("representations/intro.md", 1, "<nn>-<slug>.md");
    }

    @Test
    void theGoodLessonsHaveNoProblems() {
        assertThat(problems).noneMatch(p -> p.file().endsWith("01-ok.md") || p.file().endsWith("01-bm25.md"));
        assertThat(LessonValidator.validate(CourseFixtures.dir("good"))).isEmpty();
    }
}
