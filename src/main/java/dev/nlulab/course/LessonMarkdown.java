package dev.nlulab.course;

import com.vladsch.flexmark.ast.Image;
import com.vladsch.flexmark.ast.Paragraph;
import com.vladsch.flexmark.ext.admonition.AdmonitionExtension;
import com.vladsch.flexmark.ext.anchorlink.AnchorLinkExtension;
import com.vladsch.flexmark.ext.footnotes.FootnoteExtension;
import com.vladsch.flexmark.ext.gfm.strikethrough.StrikethroughExtension;
import com.vladsch.flexmark.ext.gfm.tasklist.TaskListExtension;
import com.vladsch.flexmark.ext.tables.TablesExtension;
import com.vladsch.flexmark.ext.toc.TocExtension;
import com.vladsch.flexmark.html.HtmlRenderer;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.ast.Document;
import com.vladsch.flexmark.util.ast.Node;
import com.vladsch.flexmark.util.data.MutableDataSet;
import dev.nlulab.web.ScrollingTables;
import org.jsoup.Jsoup;
import org.jsoup.safety.Safelist;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The lesson dialect of Markdown: CommonMark + GitHub tables, task lists, strikethrough, footnotes,
 * headings that link to themselves, admonitions, math, figures, quiz and demo blocks, and links between lessons.
 * {@code [TOC]} renders nothing: the lesson page lists the sections beside the text.
 * The HTML it returns has been through an allow-list sanitizer: lesson authors may write raw HTML, but
 * no script, event handler or style attribute reaches a student's browser.
 */
public final class LessonMarkdown {
    private static final String BASE_URI = "https://lesson.invalid/";
    /** Text that Markdown would give back unchanged: no markup characters, nothing that starts a block. */
    private static final Pattern PLAIN_TEXT = Pattern.compile("(?![ ]*(?:\\d+[.)]|[-+=]))[\\p{L}\\p{N} ,.;:'\"?!()%/=+-]*");

    private final Parser parser;
    private final HtmlRenderer renderer;
    private final Safelist safelist = safelist();

    public LessonMarkdown() {
        MutableDataSet options = new MutableDataSet();
        // Ours last: for a node type, the last extension that renders it wins (admonitions).
        options.set(Parser.EXTENSIONS, List.of(
                TablesExtension.create(), TaskListExtension.create(), StrikethroughExtension.create(),
                FootnoteExtension.create(), AnchorLinkExtension.create(), TocExtension.create(),
                AdmonitionExtension.create(), MathExtension.create(), ScrollingTables.create(), LessonBlocksExtension.create()));
        options.set(HtmlRenderer.RENDER_HEADER_ID, true);
        // the heading's text is the link, so the link has a name (an empty one is a dead stop for a screen reader)
        options.set(AnchorLinkExtension.ANCHORLINKS_WRAP_TEXT, true);
        options.set(AnchorLinkExtension.ANCHORLINKS_SET_ID, false);
        options.set(AnchorLinkExtension.ANCHORLINKS_ANCHOR_CLASS, "heading-anchor");
        // a task list's boxes only show a state: named by it, as a form field must be
        options.set(TaskListExtension.ITEM_DONE_MARKER, "<input type=\"checkbox\" class=\"task-list-item-checkbox\" "
                + "checked disabled aria-label=\"done\">&nbsp;");
        options.set(TaskListExtension.ITEM_NOT_DONE_MARKER, "<input type=\"checkbox\" class=\"task-list-item-checkbox\" "
                + "disabled aria-label=\"to do\">&nbsp;");
        options.set(TablesExtension.APPEND_MISSING_COLUMNS, true);
        options.set(TablesExtension.DISCARD_EXTRA_COLUMNS, true);
        options.set(TablesExtension.HEADER_SEPARATOR_COLUMN_MATCH, true);
        options.set(TablesExtension.CLASS_NAME, "table");
        this.parser = Parser.builder(options).build();
        this.renderer = HtmlRenderer.builder(options).build();
    }

    Document parse(String markdown) {
        Document doc = parser.parse(markdown);
        replaceSpecialParagraphs(doc);
        return doc;
    }

    /** Sanitized HTML of a parsed lesson; links resolve relative to {@code lessonId}. */
    String render(Document doc, String lessonId) {
        doc.set(LessonBlocksExtension.LESSON_ID, lessonId);
        return sanitize(renderer.render(doc)).strip();
    }

    /**
     * A short piece (a quiz prompt, an option, an explanation) as sanitized HTML; a single paragraph
     * loses its {@code <p>} so that it can sit inside a label.
     */
    String renderSnippet(String markdown, String lessonId) {
        // Most options are plain words; a Flexmark document costs about a millisecond, and a course has thousands.
        if (PLAIN_TEXT.matcher(markdown).matches()) return markdown.strip();
        String html = render(parse(markdown), lessonId).strip();
        if (html.startsWith("<p>") && html.endsWith("</p>") && html.indexOf("<p>", 3) < 0)
            html = html.substring(3, html.length() - 4);
        return html;
    }

    String sanitize(String html) {
        var settings = new org.jsoup.nodes.Document.OutputSettings().prettyPrint(false);
        return Jsoup.clean(html, BASE_URI, safelist, settings);
    }

    /** Display math alone in a paragraph becomes a block; so does a titled image (a figure). */
    private static void replaceSpecialParagraphs(Document doc) {
        List<Paragraph> paragraphs = new ArrayList<>();
        collect(doc, paragraphs);
        for (Paragraph p : paragraphs) {
            Node only = p.getFirstChild();
            if (only == null || only.getNext() != null) continue;
            if (only instanceof LessonNodes.MathInline m && m.display) {
                p.insertBefore(new LessonNodes.MathBlock(p.getChars(), m.tex));
                p.unlink();
            } else if (only instanceof Image img && !img.getTitle().isBlank()) {
                LessonNodes.Figure figure = new LessonNodes.Figure(p.getChars(), img.getTitle().unescape());
                p.insertBefore(figure);
                img.unlink();
                figure.appendChild(img);
                p.unlink();
            }
        }
    }

    private static void collect(Node node, List<Paragraph> out) {
        for (Node c = node.getFirstChild(); c != null; c = c.getNext()) {
            if (c instanceof Paragraph p) out.add(p);
            else collect(c, out);
        }
    }

    /** jsoup's relaxed list plus what lessons use; classes and ids are free, style and on* are not. */
    private static Safelist safelist() {
        return Safelist.relaxed()
                .addTags("figure", "figcaption", "hr", "del", "s", "mark", "kbd", "abbr", "details", "summary",
                        "aside", "section", "nav", "form", "fieldset", "legend", "label", "input", "button")
                .addAttributes(":all", "class", "id", "title", "lang", "dir", "role", "aria-hidden", "aria-live", "aria-label", "aria-labelledby")
                .addAttributes("th", "align")
                .addAttributes("td", "align")
                .addAttributes("details", "open")
                .addAttributes("div", "data-demo", "data-params")
                .addAttributes("form", "data-lesson", "data-question", "data-type")
                .addAttributes("input", "type", "name", "value", "checked", "disabled", "readonly",
                        "inputmode", "autocomplete")
                .addAttributes("button", "type")
                .preserveRelativeLinks(true);
    }
}
