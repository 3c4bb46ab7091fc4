package dev.nlulab.web;

import dev.nlulab.identity.Session;
import dev.nlulab.identity.User;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Pages answered from memory in front of the framework. Most of a busy page's cost was the framework's own
 * path through a request (servlet wrapping, filters, the response stream), not the page, which pages such as
 * a lesson already keep rendered. A request comes this way only when it needs nothing but its session: a GET
 * without a body or query to a route registered with a {@link MemoryPage} that passes the application's own
 * {@link PageRules} (set-up site, live session, the route's role) with no cookie that changes the page. Anything
 * else, and any page not in memory, goes on to the application, which answers it the usual way (and keeps the
 * page for next time).
 */
final class MemoryLane extends Handler.Abstract {
    private static final Logger log = LoggerFactory.getLogger(MemoryLane.class);
    /** What a path parameter may be here; anything else (encoded characters, dots alone) is left to the framework. */
    private static final Pattern PARAM = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");

    private final List<Entry> entries;
    private final PageRules rules;
    private final List<HttpField> headers;
    private final OperatorMetrics metrics;

    /** A route's segments ({@code null} where a parameter goes, with its name in {@code params}). */
    private record Entry(Router.Fast fast, String[] segments, String[] params) {}

    MemoryLane(List<Router.Fast> routes, PageRules rules, List<HttpField> securityHeaders, OperatorMetrics metrics) {
        this.entries = routes.stream().map(MemoryLane::entry).toList();
        this.rules = rules;
        this.headers = List.copyOf(securityHeaders);
        this.metrics = metrics;
    }

    private static Entry entry(Router.Fast fast) {
        String[] segments = fast.route().path().substring(1).split("/");
        String[] params = new String[segments.length];
        for (int i = 0; i < segments.length; i++) {
            if (segments[i].startsWith("{") && segments[i].endsWith("}")) {
                params[i] = segments[i].substring(1, segments[i].length() - 1);
                segments[i] = null;
            }
        }
        return new Entry(fast, segments, params);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!HttpMethod.GET.is(request.getMethod()) || request.getHttpURI().getQuery() != null || request.getLength() > 0
                || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)) return false;
        long start = System.nanoTime();
        String path = request.getHttpURI().getPath();
        for (Entry e : entries) {
            Map<String, String> params = match(e, path);
            if (params != null) return answer(e, params, request, response, callback, start);
        }
        return false;
    }

    private boolean answer(Entry e, Map<String, String> params, Request request, Response response, Callback callback, long start) {
        String token = null;
        boolean pageChanging = false;
        for (HttpCookie c : Request.getCookies(request)) {
            String name = c.getName();
            if (name.equals(Web.SESSION_COOKIE)) { if (token == null) token = c.getValue(); }   // the first, as the application reads it
            else pageChanging |= PageRules.changesThePage(name);
        }
        Session session = rules.fromMemory(e.fast().route().role(), token, pageChanging);
        if (session == null) return false;
        User user = session.user();
        byte[] page;
        try {
            page = e.fast().page().page(user, session.csrfToken(), params);
        } catch (RuntimeException ex) {
            log.warn("the page {} from memory failed; the application answers it", e.fast().route().path(), ex);
            return false;
        }
        if (page == null) return false;
        HttpFields.Mutable h = response.getHeaders();
        for (HttpField f : headers) h.add(f);
        h.add(MimeTypes.Type.TEXT_HTML_UTF_8.getContentTypeField());
        h.put(HttpHeader.CONTENT_LENGTH, page.length);
        response.setStatus(200);
        float ms = (System.nanoTime() - start) / 1e6f;   // counted before the answer leaves, so a scrape after it sees it
        metrics.fromMemory(e.fast().route().path(), ms);
        WebServer.log("GET", request.getHttpURI().getPath(), 200, ms, user, Request.getRemoteAddr(request));
        response.write(true, ByteBuffer.wrap(page), callback);
        return true;
    }

    /** The path's parameters when it is the route's, else null. */
    private static Map<String, String> match(Entry e, String path) {
        if (path == null || path.length() < 2 || path.charAt(0) != '/') return null;
        String[] parts = path.substring(1).split("/", -1);
        if (parts.length != e.segments().length) return null;
        Map<String, String> params = new HashMap<>(4);
        for (int i = 0; i < parts.length; i++) {
            if (e.segments()[i] != null) {
                if (!e.segments()[i].equals(parts[i])) return null;
            } else if (PARAM.matcher(parts[i]).matches()) {
                params.put(e.params()[i], parts[i]);
            } else {
                return null;
            }
        }
        return params;
    }
}
