package dev.nlulab.course;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LessonMarkdownTest {
    private static final LessonMarkdown MD = new LessonMarkdown();

    private static String render(String markdown) {
        return MD.render(MD.parse(markdown), "representations/03-attention");
    }

    @Test
    void githubTablesKeepColumnAlignmentAndScrollInTheirOwnBox() {
        String html = render("| a | b |\n|:--|--:|\n| 1 | 2 |\n");
        assertThat(html).contains("<th align=\"left\">a</th>").contains("<td align=\"right\">2</td>")
                .startsWith("<div class=\"table-scroll\">\n<table class=\"table\">").endsWith("</table>\n</div>");
    }

    @Test
    void footnotesLinkBothWays() {
        String html = render("Claim[^1].\n\n[^1]: Source.\n");
        assertThat(html).contains("<a class=\"footnote-ref\" href=\"#fn-1\">1</a>")
                .contains("<li id=\"fn-1\">").contains("href=\"#fnref-1\"");
    }

    @Test
    void aHeadingLinksToItselfByItsTextAndTocIsLeftToTheSideContents() {
        String html = render("# Title\n\n[TOC]\n\n## First part\n\n### Detail\n\n## Second part\n");
        assertThat(html).doesNotContain("TOC").doesNotContain("toc").doesNotContain("<ul")
                .contains("<h2 id=\"first-part\"><a href=\"#first-part\" class=\"heading-anchor\">First part</a></h2>")
                .contains("<h3 id=\"detail\"><a href=\"#detail\" class=\"heading-anchor\">Detail</a></h3>");
    }

    @Test
    void admonitionsBecomeClassedBoxesWithTitles() {
        String html = render("!!! note \"Why bytes\"\n    No unknown tokens.\n\n!!! warning\n    Careful.\n\n??? tip \"More\"\n    Hidden.\n");
        assertThat(html).contains("<div class=\"admonition note\"><p class=\"admonition-title\">Why bytes</p>")
                .contains("<p>No unknown tokens.</p>")
                .contains("<div class=\"admonition warning\"><p class=\"admonition-title\">Warning</p>")
                .contains("<details class=\"admonition tip\"><summary class=\"admonition-title\">More</summary>")
                .doesNotContain("<svg");
    }

    @Test
    void mathIsKeptVerbatimOutOfReachOfEmphasis() {
        String html = render("Let $x_i * y_j$ and $a_1 b_2 * c_3$ be *real*.\n\n$$\n\\sum_{i<n} a_i * b_i\n$$\n");
        assertThat(html).contains("<span class=\"math-inline\">x_i * y_j</span>")
                .contains("<span class=\"math-inline\">a_1 b_2 * c_3</span>")
                .contains("<em>real</em>")
                .contains("<div class=\"math-display\">\\sum_{i&lt;n} a_i * b_i</div>")
                .doesNotContain("<em>i")
                .doesNotContain("<p><div");
    }

    @Test
    void dollarAmountsAreNotMath() {
        assertThat(render("It costs $5 and $10.\n")).contains("<p>It costs $5 and $10.</p>").doesNotContain("math");
    }

    @Test
    void fencedCodeGetsTheHighlightJsLanguageClass() {
        assertThat(render("```python\nx = a_b * c_d\n```\n"))
                .contains("<pre><code class=\"language-python\">x = a_b * c_d\n</code></pre>");
    }

    @Test
    void aTitledImageAloneInAParagraphIsAFigure() {
        String html = render("![Merges](img/merges.svg \"BPE merges\")\n\nInline ![icon](img/i.png) stays.\n");
        assertThat(html).contains("<figure><img src=\"/lessons/representations/img/merges.svg\" alt=\"Merges\" "
                        + "title=\"BPE merges\"><figcaption>BPE merges</figcaption></figure>")
                .contains("<p>Inline <img src=\"/lessons/representations/img/i.png\" alt=\"icon\"> stays.</p>");
    }

    @Test
    void linksToOtherLessonsAreRewrittenToTheirPages() {
        String html = render("[a](../retrieval/02-bm25.md) [b](04-positions.md#rotary) [c](#local) "
                + "[d](https://example.org/x.md) [e](../../outside.md)\n");
        assertThat(html).contains("<a href=\"/lessons/retrieval/02-bm25\">a</a>")
                .contains("<a href=\"/lessons/representations/04-positions#rotary\">b</a>")
                .contains("<a href=\"#local\">c</a>")
                .contains("<a href=\"https://example.org/x.md\">d</a>")
                .contains("<a href=\"../../outside.md\">e</a>");
    }

    @Test
    void taskListsWithNamedBoxesAndStrikethrough() {
        assertThat(render("- [x] read\n- [ ] run\n\n~~old~~ new\n"))
                .contains("class=\"task-list-item-checkbox\" checked disabled aria-label=\"done\">")
                .contains("class=\"task-list-item-checkbox\" disabled aria-label=\"to do\">")
                .contains("<del>old</del> new");
    }

    @Test
    void rawHtmlIsSanitized() {
        String html = render("<div class=\"aside\" onclick=\"steal()\" style=\"color:red\">Raw <b>bold</b> "
                + "<a href=\"javascript:alert(1)\">x</a><img src=\"a.png\" onerror=\"bad()\"></div>\n\n"
                + "<script>alert('xss')</script>\n\n<iframe src=\"https://evil.example\"></iframe>\n");
        assertThat(html).contains("<div class=\"aside\">Raw <b>bold</b>")
                .doesNotContain("onclick").doesNotContain("style=").doesNotContain("onerror")
                .doesNotContain("javascript:").doesNotContain("<script").doesNotContain("alert(")
                .doesNotContain("<iframe");
    }

    @Test
    void snippetsLoseTheirParagraphButKeepInlineMarkup() {
        assertThat(MD.renderSnippet("The **most** frequent $a_b$", "representations/01-x"))
                .isEqualTo("The <strong>most</strong> frequent <span class=\"math-inline\">a_b</span>");
    }

    @Test
    void plainSnippetsComeOutAsTheFullRendererWouldGiveThem() {
        for (String s : List.of("The most frequent pair", "Whitespace split, then lower-case (ASCII only)?",
                "BM25: k1 = 1.2", "Yes, it's 50% faster!")) {
            assertThat(MD.renderSnippet(s, "x/01-y")).isEqualTo(MD.render(MD.parse(s), "x/01-y").replaceAll("^<p>|</p>$", ""));
        }
        assertThat(MD.renderSnippet("- a list", "x/01-y")).contains("<li>");
        assertThat(MD.renderSnippet("1. first", "x/01-y")).contains("<ol>");
    }
}
