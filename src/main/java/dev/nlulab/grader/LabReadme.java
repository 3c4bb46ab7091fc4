package dev.nlulab.grader;

import com.vladsch.flexmark.ext.tables.TablesExtension;
import com.vladsch.flexmark.html.HtmlRenderer;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.data.MutableDataSet;
import org.jsoup.Jsoup;
import org.jsoup.safety.Safelist;

import java.util.List;

/**
 * A lab's README.md as HTML: CommonMark with GitHub tables, through an allow-list sanitizer so that
 * raw HTML in a README can never bring a script or a style attribute to a student's page.
 */
final class LabReadme {
    private static final Safelist SAFE = Safelist.relaxed().addAttributes("code", "class").addAttributes("table", "class").addAttributes("th", "align").addAttributes("td", "align");
    private final Parser parser;
    private final HtmlRenderer renderer;

    LabReadme() {
        MutableDataSet options = new MutableDataSet();
        options.set(Parser.EXTENSIONS, List.of(TablesExtension.create()));
        options.set(TablesExtension.CLASS_NAME, "data");
        this.parser = Parser.builder(options).build();
        this.renderer = HtmlRenderer.builder(options).build();
    }

    String html(String markdown) {
        return Jsoup.clean(renderer.render(parser.parse(markdown)), SAFE);
    }
}
