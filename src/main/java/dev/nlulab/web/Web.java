package dev.nlulab.web;

import dev.nlulab.identity.Session;
import dev.nlulab.identity.User;
import dev.nlulab.identity.Viewer;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import io.javalin.http.UnauthorizedResponse;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What every handler needs from a request: who is asking, the CSRF token, and page rendering. */
public final class Web {
    static final String SESSION_ATTR = "nlulab.session";
    static final String PRE_CSRF_ATTR = "nlulab.precsrf";
    static final String NAV_ATTR = "nlulab.nav";
    static final String SECURE_ATTR = "nlulab.secure";
    static final String STATIC_FILES_ATTR = "nlulab.static";
    static final String COURSE_TIME_ATTR = "nlulab.course.time";
    static final String BEARER_USER_ATTR = "nlulab.bearer.user";
    public static final String SESSION_COOKIE = "nlulab_session";
    static final String HTML = "text/html; charset=utf-8";
    static final String PRE_CSRF_COOKIE = "nlulab_csrf";
    static final String FLASH_COOKIE = "nlulab_flash";
    static final String FLASH_TAKEN_ATTR = "nlulab.flash.taken";
    static final String REAL_USER_ATTR = "nlulab.realuser";

    private Web() {}

    public static Session session(Context ctx) {
        return ctx.attribute(SESSION_ATTR);
    }

    /** The signed-in user (by session, or by bearer key in a {@link BearerRealm}), or null. */
    public static User user(Context ctx) {
        Session s = session(ctx);
        return s != null ? s.user() : ctx.attribute(BEARER_USER_ATTR);
    }

    /** The signed-in user; routes behind the role filter always have one. */
    public static User me(Context ctx) {
        User u = user(ctx);
        if (u == null) throw new UnauthorizedResponse("Sign in first.");
        return u;
    }

    /** The signed-in user as the services take it: who is asking, and whether they see what instructors see. */
    public static Viewer viewer(Context ctx) {
        return Viewer.of(me(ctx));
    }

    /** True when an instructor is looking at the site as a student sees it ({@link StudentView}). */
    public static boolean viewingAsStudent(Context ctx) {
        return ctx.attribute(REAL_USER_ATTR) != null;
    }

    /** The token a form must send back: the session's, or before sign-in the browser's cookie token. */
    public static String csrf(Context ctx) {
        Session s = session(ctx);
        return s != null ? s.csrfToken() : ctx.attribute(PRE_CSRF_ATTR);
    }

    /** Renders a page inside the layout, with the user, the CSRF token, the menu and any flash message. */
    public static void render(Context ctx, String template, Map<String, ?> model) {
        Map<String, Object> m = layoutModel(ctx, model);
        String flash = ctx.cookie(FLASH_COOKIE);
        if (flash != null && ctx.attribute(FLASH_TAKEN_ATTR) == null) {
            m.putIfAbsent("flash", URLDecoder.decode(flash, StandardCharsets.UTF_8));
            cookie(ctx, FLASH_COOKIE, "", 0);
        }
        ctx.render(template, m);
        ctx.contentType(HTML);
    }

    /** What every page's layout needs besides the page's own model. */
    static Map<String, Object> layoutModel(Context ctx, Map<String, ?> model) {
        Map<String, Object> m = new HashMap<>(model);
        m.put("me", user(ctx));
        m.put("viewingAsStudent", viewingAsStudent(ctx));
        m.put("csrf", csrf(ctx));
        m.put("nav", navFor(ctx));
        m.put("path", ctx.path());
        m.put("courseTime", ctx.attribute(COURSE_TIME_ATTR));
        m.put(ThymeleafRenderer.STATIC_FILES, ctx.attribute(STATIC_FILES_ATTR));
        return m;
    }

    /** True when a flash message waits for the next page: such a page is rendered for this request alone. */
    public static boolean hasFlash(Context ctx) {
        return ctx.cookie(FLASH_COOKIE) != null;
    }

    /** The part of a template marked {@code th:fragment="<fragment>"}, rendered with this model alone. */
    public static String fragment(String template, String fragment, Map<String, ?> model) {
        return ThymeleafRenderer.PAGES.fragment(template, fragment, model);
    }

    /**
     * Answers with a whole page in bytes. Its length is sent ahead (not in chunks) unless the client takes
     * it compressed: then the framework compresses it as it goes and the length is not known in advance.
     */
    public static void html(Context ctx, byte[] page) {
        ctx.contentType(HTML);
        String accepts = ctx.header("Accept-Encoding");
        if (accepts == null || accepts.isBlank() || accepts.equals("identity")) ctx.header("Content-Length", Integer.toString(page.length));
        ctx.result(page);
    }

    public static void render(Context ctx, String template) {
        render(ctx, template, Map.of());
    }

    /** The flash message, taken by a page that shows it in its place rather than at the top; null when there is none. */
    public static String takeFlash(Context ctx) {
        String flash = ctx.cookie(FLASH_COOKIE);
        if (flash == null || ctx.attribute(FLASH_TAKEN_ATTR) != null) return null;
        ctx.attribute(FLASH_TAKEN_ATTR, true);
        cookie(ctx, FLASH_COOKIE, "", 0);
        return URLDecoder.decode(flash, StandardCharsets.UTF_8);
    }

    /** A message shown once on the next page (after a redirect). */
    public static void flash(Context ctx, String message) {
        cookie(ctx, FLASH_COOKIE, URLEncoder.encode(message, StandardCharsets.UTF_8), 60);
    }

    /** An entry of the menu as a page shows it: {@code current} when the page is in its part of the site. */
    public record NavLink(String label, String href, boolean current) {}

    static List<NavLink> navFor(Context ctx) {
        List<NavItem> all = ctx.attribute(NAV_ATTR);
        User u = user(ctx);
        if (all == null || u == null) return List.of();
        String path = ctx.path();
        return all.stream().filter(n -> n.role().admits(u.role()))
                .map(n -> new NavLink(n.label(), n.href(), path.startsWith(n.href()))).toList();
    }

    public static void sessionCookie(Context ctx, String token, int maxAgeSeconds) {
        cookie(ctx, SESSION_COOKIE, token, maxAgeSeconds);
    }

    /** An HttpOnly, SameSite=Lax cookie for the whole site, Secure when the site is served over HTTPS. */
    public static void cookie(Context ctx, String name, String value, int maxAgeSeconds) {
        boolean secure = Boolean.TRUE.equals(ctx.attribute(SECURE_ATTR));
        ctx.cookie(new Cookie(name, value, "/", maxAgeSeconds, secure, true, null, SameSite.LAX));
    }

    /** True when the client wants JSON (API routes and fetch calls), so errors answer in kind. */
    public static boolean wantsJson(Context ctx) {
        String accept = ctx.header("Accept");
        return ctx.path().startsWith("/api/") || (accept != null && accept.contains("application/json") && !accept.contains("text/html"));
    }
}
