package dev.nlulab.web;

import dev.nlulab.config.Settings;
import dev.nlulab.identity.Role;
import dev.nlulab.identity.Session;
import dev.nlulab.identity.Tokens;
import dev.nlulab.identity.User;
import dev.nlulab.store.Database;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.util.ConcurrencyUtil;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.gzip.GzipHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The web application: Javalin with Thymeleaf pages, static files, and the filters every request
 * passes (security headers, session, first-run gate, roles, CSRF). Features bring their own routes.
 */
public final class WebServer {
    private static final Logger log = LoggerFactory.getLogger(WebServer.class);
    private static final Logger requests = LoggerFactory.getLogger("nlulab.requests");
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
            + "frame-ancestors 'none'";
    /** Requests slower than this are logged at INFO with the failures; the others at DEBUG. */
    static final double SLOW_MS = 500;
    /** As the framework compresses its answers: not the small ones, where it gains nothing. */
    private static final int COMPRESS_ABOVE_BYTES = 1500;
    private static final Set<HandlerType> STATE_CHANGING = Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE);

    private final Settings settings;
    private final Database db;
    private final PageRules rules;
    private final List<Feature> features;
    private final List<NavItem> nav = new ArrayList<>();
    private final StaticFiles staticFiles;
    private final CourseTime courseTime;
    private final List<BearerRealm> realms;
    private final OperatorMetrics metrics = new OperatorMetrics();
    private Router router;
    private Javalin app;

    public WebServer(Settings settings, Database db, SessionLookup sessions, SetupGate setupGate, List<Feature> features) {
        this.settings = settings;
        this.db = db;
        this.rules = new PageRules(setupGate, sessions);
        this.features = List.copyOf(features);
        this.staticFiles = new StaticFiles(java.nio.file.Path.of(realPath(settings.staticDir())));
        this.courseTime = new CourseTime(settings.courseZone());
        this.realms = this.features.stream().flatMap(f -> f.bearerRealm().stream()).toList();
    }

    public WebServer start() {
        features.forEach(f -> nav.addAll(f.nav()));
        nav.sort(Comparator.comparingInt(NavItem::order));
        boolean secure = settings.getBool("secure.cookies");
        long maxBytes = (long) settings.getInt("max.request.mb") * 1024 * 1024;
        app = Javalin.create(cfg -> {
            cfg.fileRenderer(ThymeleafRenderer.PAGES);
            cfg.http.maxRequestSize = maxBytes;
            cfg.jetty.multipartConfig.maxTotalRequestSize(maxBytes, io.javalin.config.SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxFileSize(maxBytes, io.javalin.config.SizeUnit.BYTES);
            cfg.jetty.host = settings.bind();
            cfg.jetty.port = settings.port();
            cfg.jetty.modifyServer(server -> server.setStopTimeout(10_000));
            cfg.startup.showJavalinBanner = false;
            int threads = settings.getInt("web.threads");
            // Javalin's default pool (up to 250 threads) runs 200 connections' requests at once even on 2 cores;
            // a smaller one switches less, but streamed answers and slow uploads each hold a thread
            if (threads > 0) cfg.jetty.threadPool = ConcurrencyUtil.jettyThreadPool("JettyServerThreadPool", Math.min(8, threads), threads, false);
            cfg.requestLogger.http((ctx, ms) -> {
                metrics.observe(ctx, ms);
                log(ctx, ms);
            });

            var routes = cfg.routes;
            RequestBodies bodies = new RequestBodies(maxBytes);
            routes.before(bodies::refuseDeclaredOversize);
            Map<String, String> headers = securityHeaders(secure);
            routes.before(ctx -> beforeAll(ctx, headers, secure));
            routes.beforeMatched(this::checkRoleAndCsrf);
            router = new Router(routes, bearerPrefixes());
            router.get("/healthz", Role.ANYONE, this::health);
            router.get("/admin/metrics", Role.ADMIN, metrics::page);
            features.forEach(f -> f.routes(router));
            ErrorPages.register(routes, bodies, this::realmOf);
            cfg.jetty.modifyServer(server -> server.setHandler(inFront(server, headers)));
        });
        app.start();
        log.info("NLU Lab listening on {}:{}", settings.bind(), app.port());
        return this;
    }

    public int port() { return app.port(); }

    /** Where the wiring adds its gauges for operators. */
    public OperatorMetrics metrics() { return metrics; }

    private static String realPath(java.nio.file.Path p) {
        try {
            return p.toRealPath().toString();
        } catch (java.io.IOException e) {
            return p.toString();
        }
    }

    public List<Router.Route> routes() { return router.registered(); }

    /** The path prefixes programs call with a bearer key instead of a session (e.g. /v1/). */
    public List<String> bearerPrefixes() { return realms.stream().map(BearerRealm::prefix).toList(); }

    public void stop() {
        if (app != null) app.stop();
    }

    /**
     * What Jetty answers itself, before the application: static files, then pages from memory ({@link MemoryLane},
     * compressed for clients that take it as the application's answers are). The headers are encoded once, not per
     * response: on a busy server writing them was a good part of a small answer's cost.
     */
    private Handler inFront(Server server, Map<String, String> securityHeaders) {
        List<HttpField> encoded = securityHeaders.entrySet().stream().map(e -> (HttpField) new PreEncodedHttpField(e.getKey(), e.getValue())).toList();
        List<Handler> handlers = new ArrayList<>();
        if (java.nio.file.Files.isDirectory(settings.staticDir())) handlers.add(staticFiles.handler(server, encoded));
        GzipHandler compressed = new GzipHandler(new MemoryLane(router.fast(), rules, encoded, metrics));
        compressed.setMinGzipSize(COMPRESS_ABOVE_BYTES);
        handlers.add(compressed);
        handlers.add(server.getHandler());
        return new Handler.Sequence(handlers);
    }

    /** The headers every response carries, static files included. */
    private static Map<String, String> securityHeaders(boolean secure) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Security-Policy", CSP);
        h.put("X-Content-Type-Options", "nosniff");
        h.put("X-Frame-Options", "DENY");
        h.put("Referrer-Policy", "same-origin");
        h.put("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
        if (secure) h.put("Strict-Transport-Security", "max-age=31536000");
        return Map.copyOf(h);
    }

    /** One line per request: at INFO when it failed or was slow, else at DEBUG (a busy server logs no line per page). */
    private static void log(Context ctx, Float ms) {
        log(ctx.method().name(), ctx.path(), ctx.statusCode(), ms, Web.user(ctx), ctx.ip());
    }

    static void log(String method, String path, int status, float ms, User user, String ip) {
        boolean notable = status >= 400 || ms >= SLOW_MS;
        if (!(notable ? requests.isInfoEnabled() : requests.isDebugEnabled())) return;
        Object[] args = {method, path, status, Math.round(ms * 10) / 10.0, user == null ? "-" : user.id(), ip};
        if (notable) requests.info("method={} path={} status={} ms={} user={} ip={}", args);
        else requests.debug("method={} path={} status={} ms={} user={} ip={}", args);
    }

    // The rules themselves are PageRules', which MemoryLane asks too before it answers a GET: a new one goes there.
    private void beforeAll(Context ctx, Map<String, String> headers, boolean secure) {
        headers.forEach(ctx::header);
        ctx.attribute(Web.SECURE_ATTR, secure);
        ctx.attribute(Web.NAV_ATTR, nav);
        ctx.attribute(Web.STATIC_FILES_ATTR, staticFiles);
        ctx.attribute(Web.COURSE_TIME_ATTR, courseTime);
        if (ctx.path().equals("/healthz")) return; // a probe: no session to look up, no cookie to hand out
        BearerRealm realm = realmOf(ctx);
        if (realm != null) { // a program's request: its key, never the browser's session or cookies
            if (!rules.setUp()) throw new HttpResponseException(503, "NLU Lab is not set up yet.");
            ctx.attribute(Web.BEARER_USER_ATTR, realm.authenticate(ctx));
            return;
        }

        String token = ctx.cookie(Web.SESSION_COOKIE);
        if (token != null) {
            Session s = rules.session(token).orElse(null);
            if (s != null) ctx.attribute(Web.SESSION_ATTR, StudentView.effective(ctx, s));
            else Web.cookie(ctx, Web.SESSION_COOKIE, "", 0);
        }
        if (Web.session(ctx) == null) {
            String pre = ctx.cookie(Web.PRE_CSRF_COOKIE);
            if (pre == null || pre.length() != 43) {
                pre = Tokens.secret();
                Web.cookie(ctx, Web.PRE_CSRF_COOKIE, pre, -1);
            }
            ctx.attribute(Web.PRE_CSRF_ATTR, pre);
        }
        // Nothing is exposed before the first instructor exists, except set-up itself.
        if (!rules.setUp() && !ctx.path().startsWith("/setup/") && !ctx.path().startsWith("/static/")
                && !ctx.path().equals("/healthz")) {
            ctx.status(HttpStatus.SERVICE_UNAVAILABLE);
            Web.render(ctx, "setup-pending");
            ctx.skipRemainingHandlers();
        }
    }

    private void checkRoleAndCsrf(Context ctx) {
        if (ctx.path().startsWith("/static/") && ctx.method() == HandlerType.GET) return; // public assets
        Role needed = ctx.routeRoles().stream().filter(r -> r instanceof Role).map(r -> (Role) r)
                .findFirst().orElse(Role.ADMIN); // a route that forgot its role is admin-only, never open
        var user = Web.user(ctx);
        if (!PageRules.admits(needed, user)) {
            if (user == null && ctx.method() == HandlerType.GET && !Web.wantsJson(ctx)) {
                ctx.redirect("/login?next=" + java.net.URLEncoder.encode(LocalRedirect.of(ctx), java.nio.charset.StandardCharsets.UTF_8));
                ctx.skipRemainingHandlers();
                return;
            }
            if (user == null) throw new io.javalin.http.UnauthorizedResponse("Sign in first.");
            throw new ForbiddenResponse("Your role (" + user.role().label() + ") may not open this page.");
        }
        if (STATE_CHANGING.contains(ctx.method()) && realmOf(ctx) == null) {
            String sent = ctx.header("X-CSRF-Token");
            if (sent == null) sent = ctx.formParam("_csrf");
            if (!Tokens.constantTimeEquals(sent, Web.csrf(ctx)))
                throw new ForbiddenResponse("The form's security token is missing or out of date. Reload the page and try again.");
        }
    }

    /** The bearer realm the request's path belongs to, or null for the browser's pages. */
    private BearerRealm realmOf(Context ctx) {
        for (BearerRealm realm : realms) if (ctx.path().startsWith(realm.prefix())) return realm;
        return null;
    }

    private void health(Context ctx) {
        boolean ok = db.reachable();
        ctx.status(ok ? 200 : 503).json(Map.of("status", ok ? "ok" : "database unreachable", "database", ok));
    }
}
