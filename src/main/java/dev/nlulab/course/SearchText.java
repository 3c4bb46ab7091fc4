package dev.nlulab.course;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;

/**
 * A lesson's text as a reader sees the rendered page, for search and its snippets: math as drawn
 * ({@link MathText}) rather than TeX, table cells apart (" | ") and rows on lines of their own, and
 * none of the page's furniture (contents box, buttons, question numbers, footnote back-links).
 */
final class SearchText {
    private SearchText() {}

    /** Reads (and changes) {@code page}: call it last. */
    static String of(Document page) {
        page.select(".toc, button, .footnote-backref, .quiz-number").remove();
        for (Element math : page.select(".math-inline, .math-display")) {
            String text = MathText.plain(math.wholeText());
            math.text(math.hasClass("math-display") ? "\n" + text + "\n" : text);
        }
        for (Element row : page.select("tr")) {
            var cells = row.select("> th, > td");
            for (int i = 0; i < cells.size() - 1; i++) cells.get(i).appendChild(new TextNode(" | "));
            row.appendChild(new TextNode("\n"));
        }
        // one line per block, so search snippets are cut at headings and paragraphs, not across them
        return page.body().wholeText().replaceAll("[ \\t\\x0B\\f\\r]+", " ").replaceAll("\\s*\\n\\s*", "\n").strip();
    }
}
