package dev.nlulab.course;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** TeX as a reader sees it rendered, for search and its snippets. */
class MathTextTest {
    @Test
    void commandsBecomeTheSymbolsTheyDraw() {
        assertThat(MathText.plain("P(w_1 \\dots w_n) = \\prod_{i} P(w_i \\mid w_{<i})")).isEqualTo("P(w₁ … wₙ) = ∏ᵢ P(wᵢ | w_<i)");
        assertThat(MathText.plain("1.25 \\times 10^{14}")).isEqualTo("1.25 × 10¹⁴");
        assertThat(MathText.plain("J(A, B) = |A \\cap B| / |A \\cup B|")).isEqualTo("J(A, B) = |A ∩ B| / |A ∪ B|");
        assertThat(MathText.plain("|\\phi| \\ll |W_0|")).isEqualTo("|φ| ≪ |W₀|");
        assertThat(MathText.plain("\\alpha \\approx 0.64 \\le \\infty")).isEqualTo("α ≈ 0.64 ≤ ∞");
    }

    @Test
    void textFontsAndFractionsKeepTheirWords() {
        assertThat(MathText.plain("W_{\\text{up}}")).isEqualTo("W_up");
        assertThat(MathText.plain("\\text{the cat}")).isEqualTo("the cat");
        assertThat(MathText.plain("\\mathbf{x}^\\top \\mathbf{y}")).isEqualTo("x^⊤ y");
        assertThat(MathText.plain("\\frac{QK^\\top}{\\sqrt{d_k}}")).isEqualTo("(QK^⊤)/(√dₖ)");
        assertThat(MathText.plain("\\frac{1}{2}")).isEqualTo("1/2");
        assertThat(MathText.plain("\\operatorname{softmax}\\left(x\\right)")).isEqualTo("softmax(x)");
    }

    @Test
    void nothingOfTheSourceSyntaxIsLeft() {
        String tex = "\\begin{aligned} a &= \\sum_{i=1}^{n} \\hat{x}_i \\\\ b &= \\tilde{y} \\end{aligned} \\qquad \\unknown{z}";
        assertThat(MathText.plain(tex)).doesNotContain("\\", "{", "}", "&", "aligned").contains("∑", "x̂", "unknown");
    }

    @Test
    void theShippedLessonsSearchTextHoldsNoTex() {
        for (Lesson lesson : CourseLoader.load(java.nio.file.Path.of("lessons"), new LessonMarkdown()).lessons()) {
            java.util.regex.Matcher tex = java.util.regex.Pattern.compile("\\\\(frac|text|math[a-z]+|operatorname|sum|prod|times|cdot|"
                    + "alpha|theta|sqrt|left|right|begin|end|top|log|in|approx|le|ge)\\b").matcher(lesson.text());
            assertThat(tex.find()).as(lesson.id() + (tex.find(0) ? ": " + lesson.text().substring(Math.max(0, tex.start() - 40),
                    Math.min(lesson.text().length(), tex.end() + 40)) : "")).isFalse();
        }
    }
}
