package dev.nlulab.course;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LessonSearchTest {
    private static LessonSearch search;

    @BeforeAll
    static void build() {
        search = LessonSearch.build(CourseLoader.load(CourseFixtures.dir("good"), new LessonMarkdown()).lessons());
    }

    @Test
    void findsTheLessonThatTalksAboutItWithTheWordsMarked() {
        List<LessonSearch.Hit> hits = search.search("inverse document frequency", 5);
        assertThat(hits).isNotEmpty();
        LessonSearch.Hit top = hits.get(0);
        assertThat(top.lessonId()).isEqualTo("retrieval/01-bm25");
        assertThat(top.url()).isEqualTo("/lessons/retrieval/01-bm25");
        assertThat(top.snippetHtml()).contains("<mark>inverse</mark> <mark>document</mark> <mark>frequency</mark>");
    }

    @Test
    void stemmingMatchesOtherFormsOfAWord() {
        assertThat(search.search("merging pairs", 5)).extracting(LessonSearch.Hit::lessonId)
                .first().isEqualTo("representations/01-tokenization");
    }

    @Test
    void aTitleMatchRanksAboveAPassingMention() {
        // "attention" is the title of one lesson and a link text in another
        assertThat(search.search("attention", 5)).extracting(LessonSearch.Hit::lessonId)
                .first().isEqualTo("representations/02-attention");
    }

    @Test
    void quizAnswersAndExplanationsAreNotSearchable() {
        assertThat(search.search("secret-explanation-marker", 5)).isEmpty();
        assertThat(search.search("compression", 5)).isEmpty();
    }

    @Test
    void queryParserSyntaxIsTakenLiterally() {
        assertThat(search.search("\"unbalanced (BM25 AND", 5)).extracting(LessonSearch.Hit::lessonId).contains("retrieval/01-bm25");
        assertThat(search.search("   ", 5)).isEmpty();
        assertThat(search.search("the", 5)).isEmpty();
    }

    @Test
    void snippetsEscapeTheLessonText() {
        // the math in the tokenization lesson has "<" in it
        assertThat(search.search("wₙ", 5)).first()
                .satisfies(h -> assertThat(h.snippetHtml()).doesNotContain("<i").contains("&lt;i"));
    }

    @Test
    void snippetsShowMathAsItIsDrawnAndTableCellsApart() {
        String math = search.search("vocabulary size trades", 5).get(0).snippetHtml();
        assertThat(math).contains("|V|", "xᵢ * yⱼ", "a₁ b₂").doesNotContain("\\", "$", "x_i");
        assertThat(search.search("wₙ", 5).get(0).snippetHtml()).contains("P(w₁ … <mark>wₙ</mark>) = ∏ᵢ P(wᵢ | w_&lt;i)");
        assertThat(search.search("prod mid", 5)).as("TeX command names are not words of the lesson").isEmpty();
        String table = search.search("cat", 5).get(0).snippetHtml();
        assertThat(table).contains("the | 1").contains("<mark>cat</mark> | 2").doesNotContain("the1").doesNotContain("cat2");
    }

    @Test
    void questionNumbersAndButtonsAreNotLessonText() {
        assertThat(search.search("question answer show", 5)).isEmpty();
    }
}
