package dev.nlulab.course;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How relative paths in a lesson map to the site: {@code ../retrieval/02-bm25.md#idf} in lesson
 * {@code representations/03-attention} is lesson {@code retrieval/02-bm25}, anchor {@code idf}, served at
 * {@code /lessons/retrieval/02-bm25#idf}; {@code img/x.svg} is {@code /lessons/<module>/img/x.svg}.
 */
final class LessonLinks {
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    /**
     * Where a link goes. {@code lessonId} is null when the path leaves the lessons folder or is not
     * {@code <module>/<file>.md}; {@code anchor} is null when there is none.
     */
    record Target(String lessonId, String anchor, String href) {}

    private LessonLinks() {}

    static boolean isRelative(String url) {
        return !url.isEmpty() && !SCHEME.matcher(url).find() && !url.startsWith("/");
    }

    /** The lesson a link points to, or empty when it is external, site-absolute or not to a .md file. */
    static Optional<Target> lessonLink(String fromLessonId, String url) {
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
