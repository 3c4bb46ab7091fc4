package dev.nlulab.web;

import com.vladsch.flexmark.ext.tables.TablesExtension;
import com.vladsch.flexmark.html.HtmlRenderer;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.data.MutableDataSet;
import org.jsoup.Jsoup;
import org.jsoup.safety.Safelist;

import java.util.List;

/**
 * A README (a lab's, the model card) as HTML: CommonMark with GitHub tables, through an allow-list
 * sanitizer so that raw HTML in it can never bring a script or a style attribute to a student's page.
 * Links and images may be relative to the page. {@link #forStudentText()} is stricter, for what a student
 * writes for others to read (a write-up): text formatting, lists, code and links (rel=nofollow), no images.
 */
public final class SafeMarkdown {
    // details/summary: a README folds its long reference tables (a phone's page stays short)
    private static final Safelist SAFE = Safelist.relaxed().preserveRelativeLinks(true).addTags("details", "summary")
            .addAttributes("code", "class").addAttributes("table", "class").addAttributes("div", "class").addAttributes("th", "align").addAttributes("td", "align");
    private static final String BASE = "http://nlulab.invalid/";
    private final Parser parser;
    private final HtmlRenderer renderer;
    private final Safelist safelist;

    public SafeMarkdown() {
        this(SAFE);
    }

    /** For text students write and instructors (or they) read: no images (no requests to other sites from a reader's page). */
    public static SafeMarkdown forStudentText() {
        return new SafeMarkdown(Safelist.basic().addTags("h1", "h2", "h3", "h4", "h5", "h6"));
    }

    private SafeMarkdown(Safelist safelist) {
        this.safelist = safelist;
        MutableDataSet options = new MutableDataSet();
        options.set(Parser.EXTENSIONS, List.of(TablesExtension.create(), ScrollingTables.create()));
        options.set(TablesExtension.CLASS_NAME, "data");
        this.parser = Parser.builder(options).build();
        this.renderer = HtmlRenderer.builder(options).build();
    }

    public String html(String markdown) {
        // The base only lets the sanitizer judge relative URLs; they stay relative in the output.
        return Jsoup.clean(renderer.render(parser.parse(markdown)), BASE, safelist);
    }
}
