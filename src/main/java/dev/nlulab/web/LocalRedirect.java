package dev.nlulab.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a browser may be sent back to after sign-in: a path of this site with its query, never another
 * origin. The address is parsed, not pattern-matched: browsers drop tabs and newlines from a URL and
 * read a backslash as a slash, so {@code /<TAB>/evil.example} is {@code //evil.example} to them; only
 * printable ASCII is accepted, then a URI with no scheme and no host whose path, also once decoded,
 * starts with exactly one slash and has no dot segments.
 */
public final class LocalRedirect {
    private static final String HOME = "/";

    private LocalRedirect() {}

    /** {@code next} when it is a plain path of this site (query kept, fragment dropped), else {@code /}. */
    public static String target(String next) {
        if (next == null || next.isEmpty()) return HOME;
        for (int i = 0; i < next.length(); i++) {
            char c = next.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == '\\') return HOME;
        }
        URI uri;
        try {
            uri = new URI(next);
        } catch (URISyntaxException e) {
            return HOME;
        }
        if (uri.getScheme() != null || uri.getRawAuthority() != null || uri.isOpaque()) return HOME;
        String path = uri.getRawPath();
        if (path == null || !plainPath(path) || !plainPath(decode(path))) return HOME;
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    private static boolean plainPath(String path) {
        if (!path.startsWith("/") || path.startsWith("//") || path.contains("\\")) return false;
        for (String segment : path.split("/", -1)) if (segment.equals(".") || segment.equals("..")) return false;
        return true;
    }

    private static String decode(String path) {
        try {
            return URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "\\"; // a broken escape: not a plain path
        }
    }

    /** The address of this request, path and query, for the sign-in page to come back to. */
    static String of(io.javalin.http.Context ctx) {
        String query = ctx.queryString();
        return query == null || query.isEmpty() ? ctx.path() : ctx.path() + "?" + query;
    }
}
