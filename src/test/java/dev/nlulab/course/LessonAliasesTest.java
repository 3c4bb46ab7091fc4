package dev.nlulab.course;

import dev.nlulab.content.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A lesson's {@code aliases} in its front matter, as the loader reads and checks them, on real lesson files. */
class LessonAliasesTest {
    @TempDir
    Path tmp;

    /** Renames {@code representations/01-tokenization.md} to {@code newName} with the given front matter line added. */
    private Path renameTokenization(Path dir, String newName, String frontMatterLine) throws IOException {
        Path old = dir.resolve("representations/01-tokenization.md");
        Path now = dir.resolve("representations/" + newName);
        Files.writeString(now, Files.readString(old).replaceFirst("---\n", "---\n" + frontMatterLine + "\n"));
        Files.delete(old);
        return now;
    }

    private static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Course load(Path dir) {
        return LessonValidator.load(dir);
    }

    @Test
    void aRenamedLessonAnswersForItsFormerId() throws IOException {
        Path dir = CourseFixtures.copy("good", tmp);
        renameTokenization(dir, "03-tokens.md", "aliases: [representations/01-tokenization]");
        Course course = load(dir);
        assertThat(course.lesson("representations/01-tokenization")).isEmpty();
        assertThat(course.renamed("representations/01-tokenization")).map(Lesson::id).hasValue("representations/03-tokens");
        assertThat(course.aliases()).containsExactly(java.util.Map.entry("representations/01-tokenization", "representations/03-tokens"));
        assertThat(course.problems()).noneMatch(Problem::isError);
    }

    @Test
    void anAliasThatIsAnotherLessonsIdIsAnErrorNamingThatFile() throws IOException {
        Path dir = CourseFixtures.copy("good", tmp);
        Path bm25 = dir.resolve("retrieval/01-bm25.md");
        Files.writeString(bm25, Files.readString(bm25).replaceFirst("---\n", "---\naliases: [representations/02-attention]\n"));
        Course course = load(dir);
        assertThat(course.lesson("retrieval/01-bm25")).as("the lesson with the bad alias is hidden").isEmpty();
        assertThat(course.lesson("representations/02-attention")).isPresent();
        assertThat(course.renamed("representations/02-attention")).isEmpty();
        assertThat(course.problems()).anySatisfy(p -> {
            assertThat(p.isError()).isTrue();
            assertThat(p.file()).isEqualTo(bm25);
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.message()).contains("alias 'representations/02-attention'", "representations/02-attention.md");
        });
    }

    @Test
    void anAliasOfABrokenLessonFileIsRefusedToo() throws IOException {
        Path dir = CourseFixtures.copy("good", tmp);
        Path attention = dir.resolve("representations/02-attention.md");
        Files.writeString(attention, Files.readString(attention).replace("title: Attention\n", ""));
        Path bm25 = dir.resolve("retrieval/01-bm25.md");
        Files.writeString(bm25, Files.readString(bm25).replaceFirst("---\n", "---\naliases:\n  - representations/02-attention\n"));
        assertThat(load(dir).problems()).anyMatch(p -> p.isError() && p.file().equals(bm25)
                && p.message().contains("02-attention.md"));
    }

    @Test
    void anAliasClaimedByTwoLessonsIsAnErrorInBothNamingTheOther() throws IOException {
        Path dir = CourseFixtures.copy("good", tmp);
        Path tokens = renameTokenization(dir, "03-tokens.md", "aliases: [representations/01-tokenization]");
        Path bm25 = dir.resolve("retrieval/01-bm25.md");
        Files.writeString(bm25, Files.readString(bm25).replaceFirst("---\n", "---\naliases: [representations/01-tokenization]\n"));
        Course course = load(dir);
        assertThat(course.renamed("representations/01-tokenization")).isEmpty();
        assertThat(course.lesson("representations/03-tokens")).isEmpty();
        assertThat(course.lesson("retrieval/01-bm25")).isEmpty();
        assertThat(course.problems()).anyMatch(p -> p.isError() && p.file().equals(tokens) && p.message().contains("retrieval/01-bm25.md"));
        assertThat(course.problems()).anyMatch(p -> p.isError() && p.file().equals(bm25) && p.message().contains("representations/03-tokens.md"));
    }

    @Test
    void anAliasMustBeALessonIdAndNotTheLessonsOwn() throws IOException {
        Path dir = CourseFixtures.copy("good", tmp);
        Path bm25 = dir.resolve("retrieval/01-bm25.md");
        String text = Files.readString(bm25);
        Files.writeString(bm25, text.replaceFirst("---\n", "---\naliases: [retrieval/01-bm25]\n"));
        assertThat(load(dir).problems()).anyMatch(p -> p.isError() && p.file().equals(bm25) && p.message().contains("own id"));

        Files.writeString(bm25, text.replaceFirst("---\n", "---\naliases: [bm25.md]\n"));
        assertThat(load(dir).problems()).anyMatch(p -> p.isError() && p.file().equals(bm25)
                && p.message().contains("alias 'bm25.md' is not a lesson id"));
    }

    @Test
    void linksAndPrerequisitesNamingAFormerIdGoToTheRenamedLesson() throws IOException {
        Path dir = CourseFixtures.copy("good", tmp);
        renameTokenization(dir, "03-tokens.md", "aliases: [representations/01-tokenization]");
        Path attention = dir.resolve("representations/02-attention.md");
        Files.writeString(attention, Files.readString(attention) + """

                Again, as its page: [tokens](/lessons/representations/01-tokenization#subword-units).

                ```quiz
                questions:
                  - id: q-ids
                    type: single
                    prompt: Which [lesson](01-tokenization.md) turns text into ids?
                    options: ["[Tokenization](01-tokenization.md)", Attention]
                    answer: 0
                    explanation: See [subword units](01-tokenization.md#subword-units).
                ```
                """);
        Course course = load(dir);
        assertThat(course.problems()).as("02-attention names 01-tokenization in a link, a page link and a prerequisite").isEmpty();
        Lesson lesson = course.lesson("representations/02-attention").orElseThrow();
        assertThat(lesson.prerequisites()).containsExactly("representations/03-tokens");
        assertThat(lesson.html()).doesNotContain("01-tokenization")
                .containsSubsequence("href=\"/lessons/representations/03-tokens#subword-units\"",
                        "href=\"/lessons/representations/03-tokens#subword-units\"", "href=\"/lessons/representations/03-tokens\"");
        QuizQuestion q = lesson.questions().get(0);
        assertThat(q.optionsHtml().get(0)).as("shown as the right answer").contains("href=\"/lessons/representations/03-tokens\"");
        assertThat(q.explanationHtml()).contains("href=\"/lessons/representations/03-tokens#subword-units\"");
    }

    @Test
    void aLinkToAFormerIdHasItsAnchorCheckedInTheRenamedLessonAndOtherNamesStillWarn() throws IOException {
        Path dir = CourseFixtures.copy("good", tmp);
        renameTokenization(dir, "03-tokens.md", "aliases: [representations/01-tokenization]");
        Path attention = dir.resolve("representations/02-attention.md");
        Files.writeString(attention, Files.readString(attention)
                .replace("01-tokenization.md#subword-units", "01-tokenization.md#no-such-heading")
                .replace("  - representations/01-tokenization", "  - representations/01-tokenisation"));
        assertThat(load(dir).problems()).extracting(Problem::line, Problem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(6, "prerequisite 'representations/01-tokenisation' is not a lesson"),
                org.assertj.core.groups.Tuple.tuple(10, "dead link '01-tokenization.md#no-such-heading': "
                        + "lesson representations/03-tokens has no heading or anchor #no-such-heading"));
    }

    @Test
    void inTheShippedCourseARenamedLessonIsFoundUnderEveryNameOtherLessonsUseForIt() throws IOException {
        Path dir = CourseFixtures.copy(ShippedLesson.DIR, tmp);
        assertThat(load(dir).problems()).as("the shipped course validates as it is").isEmpty();
        Path old = dir.resolve("retrieval/02-dense-retrieval.md");
        Files.writeString(dir.resolve("retrieval/02-bi-encoders.md"),
                Files.readString(old).replaceFirst("---\n", "---\naliases: [retrieval/02-dense-retrieval]\n"));
        Files.delete(old);
        Course course = load(dir);
        assertThat(course.problems()).isEmpty();
        List<Lesson> naming = course.lessons().stream().filter(l -> l.prerequisites().contains("retrieval/02-bi-encoders")
                || l.html().contains("href=\"/lessons/retrieval/02-bi-encoders")).toList();
        assertThat(naming).extracting(Lesson::id).as("every lesson whose file names the old id or file")
                .containsExactlyInAnyOrderElementsOf(course.lessons().stream()
                        .filter(l -> !l.id().equals("retrieval/02-bi-encoders") && text(l.file()).contains("02-dense-retrieval"))
                        .map(Lesson::id).toList())
                .hasSizeGreaterThan(3);
        assertThat(course.lessons()).noneMatch(l -> l.prerequisites().contains("retrieval/02-dense-retrieval")
                || l.html().contains("/lessons/retrieval/02-dense-retrieval"));
    }

    @Test
    void theCatalogPicksUpARenameOnItsNextCheck() throws IOException {
        Path dir = CourseFixtures.copy("good", tmp);
        LessonCatalog catalog = new LessonCatalog(dir, java.time.Duration.ZERO);
        assertThat(catalog.course().renamed("representations/01-tokenization")).isEmpty();
        renameTokenization(dir, "03-tokens.md", "aliases: [representations/01-tokenization]");
        assertThat(catalog.course().renamed("representations/01-tokenization")).map(Lesson::id).hasValue("representations/03-tokens");
    }
}
