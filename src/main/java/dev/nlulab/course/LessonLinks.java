package dev.nlulab.course;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How relative paths in a lesson map to the site: {@code ../retrieval/02-bm25.md#idf} in lesson
 * {@code representations/03-attention} is lesson {@code retrieval/02-bm25}, anchor {@code idf}, served at
 * {@code /lessons/retrieval/02-bm25#idf}; {@code img/x.svg} is {@code /lessons/<module>/img/x.svg}. A link
 * written as a lesson's page, {@code /lessons/retrieval/02-bm25#idf}, points to that lesson too.
 */
final class LessonLinks {
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
    /** A lesson page's path: {@code /lessons/<module>/<lesson>}, no deeper (that is a module's image). */
    private static final Pattern PAGE = Pattern.compile("/lessons/([^/?#]+/[^/?#]+)((?:\\?[^#]*)?(?:#(.*))?)");

    /**
     * Where a link goes. {@code lessonId} is null when the path leaves the lessons folder or is not
     * {@code <module>/<file>.md}; {@code anchor} is null when there is none.
     */
    record Target(String lessonId, String anchor, String href) {}

    private LessonLinks() {}

    static boolean isRelative(String url) {
        return !url.isEmpty() && !SCHEME.matcher(url).find() && !url.startsWith("/");
    }

    /**
     * The lesson a link points to, or empty when it is external, not to a .md file, or site-absolute
     * and not to a lesson page.
     */
    static Optional<Target> lessonLink(String fromLessonId, String url) {
        Matcher page = PAGE.matcher(url);
        if (page.matches()) {
            String anchor = page.group(3) == null || page.group(3).isEmpty() ? null : page.group(3);
            return Optional.of(new Target(page.group(1), anchor, url));
        }
        if (!isRelative(url)) return Optional.empty();
        int hash = url.indexOf('#');
        String path = hash < 0 ? url : url.substring(0, hash);
        String anchor = hash < 0 || hash == url.length() - 1 ? null : url.substring(hash + 1);
        if (path.isEmpty()) return Optional.of(new Target(fromLessonId, anchor, url));
        if (!path.endsWith(".md")) return Optional.empty();
        String resolved = resolve(moduleOf(fromLessonId), path);
        if (resolved == null || resolved.chars().filter(c -> c == '/').count() != 1)
            return Optional.of(new Target(null, anchor, url));
        String id = resolved.substring(0, resolved.length() - ".md".length());
        return Optional.of(new Target(id, anchor, "/lessons/" + id + (anchor == null ? "" : "#" + anchor)));
    }

    /**
     * A lesson page's link with the lesson's former id replaced by its current one (query and anchor kept);
     * any other link as it is.
     *
     * @param aliases each former id of a served lesson, with that lesson's id
     */
    static String followAlias(String href, Map<String, String> aliases) {
        Matcher page = PAGE.matcher(href);
        String now = page.matches() ? aliases.get(page.group(1)) : null;
        return now == null ? href : "/lessons/" + now + page.group(2);
    }

    /** The image's path under the lessons folder, or empty when it is not relative or leaves the folder. */
    static Optional<String> imagePath(String fromLessonId, String url) {
        if (!isRelative(url)) return Optional.empty();
        String path = url.replaceAll("[?#].*$", "");
        return Optional.ofNullable(resolve(moduleOf(fromLessonId), path));
    }

    static String moduleOf(String lessonId) {
        int slash = lessonId.indexOf('/');
        return slash < 0 ? "" : lessonId.substring(0, slash);
    }

    /** {@code base/path} with . and .. applied; null when .. climbs out of the lessons folder. */
    private static String resolve(String base, String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String s : (base + "/" + path).split("/")) {
            if (s.isEmpty() || s.equals(".")) continue;
            if (s.equals("..")) {
                if (parts.isEmpty()) return null;
                parts.removeLast();
            } else {
                parts.addLast(s);
            }
        }
        return parts.isEmpty() ? null : String.join("/", parts);
    }
}
