package dev.nlulab.course;

import dev.nlulab.content.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
    void theCatalogPicksUpARenameOnItsNextCheck() throws IOException {
        Path dir = CourseFixtures.copy("good", tmp);
        LessonCatalog catalog = new LessonCatalog(dir, java.time.Duration.ZERO);
        assertThat(catalog.course().renamed("representations/01-tokenization")).isEmpty();
        renameTokenization(dir, "03-tokens.md", "aliases: [representations/01-tokenization]");
        assertThat(catalog.course().renamed("representations/01-tokenization")).map(Lesson::id).hasValue("representations/03-tokens");
    }
}
