package dev.nlulab.course;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The lesson page's side table of contents: its {@code ##} and {@code ###} headings as they were
 * rendered, so math in a heading shows as math there too (the page script renders it).
 */
public final class SideToc {
    /** One heading: its level, its anchor, and its sanitized inner HTML without the link to itself. */
    public record Entry(int level, String id, String html) {}

    private SideToc() {}

    static List<Entry> of(Lesson lesson) {
        Set<String> ids = lesson.headings().stream().filter(h -> h.level() == 2 || h.level() == 3)
                .map(Heading::id).collect(Collectors.toSet());
        List<Entry> out = new ArrayList<>();
        for (Element h : Jsoup.parseBodyFragment(lesson.html()).select("h2[id], h3[id]")) {
            if (!ids.contains(h.id())) continue;
            Element copy = h.clone();
            copy.select(".heading-anchor").unwrap();
            out.add(new Entry(h.tagName().equals("h2") ? 2 : 3, h.id(), copy.html()));
        }
        return out;
    }
}
