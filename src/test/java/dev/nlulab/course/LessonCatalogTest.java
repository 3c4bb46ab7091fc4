package dev.nlulab.course;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class LessonCatalogTest {
    @TempDir
    Path tmp;

    @Test
    void modulesAndLessonsComeInCourseOrderWithPreviousAndNext() {
        LessonCatalog catalog = LessonCatalog.open(CourseFixtures.dir("good"));
        assertThat(catalog.course().title()).isEqualTo("NLU Lab test course");
        assertThat(catalog.modules()).extracting(CourseModule::id).containsExactly("representations", "retrieval");
        assertThat(catalog.lessons("representations")).extracting(Lesson::id)
                .containsExactly("representations/01-tokenization", "representations/02-attention");
        Lesson tok = catalog.lesson("representations/01-tokenization").orElseThrow();
        assertThat(tok.title()).isEqualTo("Tokenization");
        assertThat(tok.minutes()).isEqualTo(20);
        assertThat(tok.objectives()).containsExactly("Explain byte-pair encoding", "Count tokens");
        assertThat(tok.questions()).extracting(QuizQuestion::id).containsExactly("q-merge", "q-units", "q-count", "q-name");
        assertThat(tok.demos()).singleElement().satisfies(d -> assertThat(d.name()).isEqualTo("tokenizer"));
        assertThat(tok.headings()).extracting(Heading::id).contains("tokenization", "subword-units");
        assertThat(catalog.previous("representations/01-tokenization")).isEmpty();
        assertThat(catalog.next("representations/02-attention")).map(Lesson::id).hasValue("retrieval/01-bm25");
        assertThat(catalog.previous("retrieval/01-bm25")).map(Lesson::id).hasValue("representations/02-attention");
        assertThat(catalog.next("retrieval/01-bm25")).isEmpty();
        assertThat(catalog.problems()).isEmpty();
    }

    @Test
    void aBrokenLessonIsLeftOutAndTheOthersAreStillServed() {
        LessonCatalog catalog = LessonCatalog.open(CourseFixtures.dir("broken"));
        assertThat(catalog.course().lessons()).extracting(Lesson::id)
                .containsExactly("representations/01-ok", "representations/05-links", "retrieval/01-bm25");
        assertThat(catalog.lesson("representations/04-quiz-problems")).isEmpty();
        assertThat(catalog.problems()).anyMatch(p -> p.file().endsWith("04-quiz-problems.md") && p.isError());
    }

    @Test
    void aChangedFileIsPickedUpOnTheNextAccess() throws IOException {
        Path dir = CourseFixtures.copy("good", tmp);
        LessonCatalog catalog = new LessonCatalog(dir, Duration.ZERO);
        Path file = dir.resolve("representations/02-attention.md");
        assertThat(catalog.lesson("representations/02-attention").orElseThrow().title()).isEqualTo("Attention");

        rewrite(file, Files.readString(file).replace("title: Attention", "title: Self-attention"));
        assertThat(catalog.lesson("representations/02-attention").orElseThrow().title()).isEqualTo("Self-attention");
        assertThat(catalog.search("self attention", 3)).extracting(LessonSearch.Hit::lessonId)
                .first().isEqualTo("representations/02-attention");

        rewrite(file, Files.readString(file).replace("title: Self-attention\n", ""));
        assertThat(catalog.lesson("representations/02-attention")).isEmpty();
        assertThat(catalog.lesson("representations/01-tokenization")).isPresent();
        assertThat(catalog.problems()).singleElement()
                .satisfies(p -> assertThat(p.toString()).endsWith("02-attention.md:1: error: front matter has no title (required)"));
    }

    @Test
    void aReloadRendersOnlyWhatChanged() throws IOException {
        Path dir = CourseFixtures.copy("good", tmp);
        LessonCatalog catalog = new LessonCatalog(dir, Duration.ZERO);
        Lesson tokenization = catalog.lesson("representations/01-tokenization").orElseThrow();
        Path bm25 = dir.resolve("retrieval/01-bm25.md");
        rewrite(bm25, Files.readString(bm25) + "\n![Curve](img/saturation.svg)\n");
        assertThat(catalog.lesson("representations/01-tokenization").orElseThrow()).isSameAs(tokenization);
        assertThat(catalog.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("missing image"));

        Files.createDirectories(dir.resolve("retrieval/img"));
        Files.writeString(dir.resolve("retrieval/img/saturation.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
        assertThat(catalog.problems()).isEmpty();
    }

    @Test
    void checksForChangesAtMostOncePerInterval() throws IOException {
        Path dir = CourseFixtures.copy("good", tmp);
        LessonCatalog catalog = new LessonCatalog(dir, Duration.ofHours(1));
        Path file = dir.resolve("retrieval/01-bm25.md");
        rewrite(file, Files.readString(file).replace("title: BM25", "title: Okapi BM25"));
        assertThat(catalog.lesson("retrieval/01-bm25").orElseThrow().title()).isEqualTo("BM25");
    }

    @Test
    void imagesAreServedOnlyFromInsideTheLessonsFolder() {
        LessonCatalog catalog = LessonCatalog.open(CourseFixtures.dir("good"));
        assertThat(catalog.image("representations/img/merges.svg")).isPresent();
        assertThat(catalog.image("representations/img/../../course.yaml")).isEmpty();
        assertThat(catalog.image("../good/representations/img/merges.svg")).isPresent();
        assertThat(catalog.image("../../../../etc/passwd")).isEmpty();
        assertThat(catalog.image("representations/01-tokenization.md")).isEmpty();
    }

    /** A new modification time too, as an editor's save would give, even within the clock's resolution. */
    private static void rewrite(Path file, String text) throws IOException {
        FileTime before = Files.getLastModifiedTime(file);
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(before.toInstant().plusSeconds(1).isAfter(Instant.now())
                ? before.toInstant().plusSeconds(1) : Instant.now()));
    }
}
