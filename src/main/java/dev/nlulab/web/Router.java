package dev.nlulab.web;

import dev.nlulab.identity.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.sse.SseClient;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Javalin's routing with one rule added: every route names the least role it needs, so the role
 * filter can check it on the server and the authorization test can walk every route.
 */
public final class Router {
    public record Route(String method, String path, Role role) {}

    /** A GET route whose answer may come from memory ahead of the framework ({@link MemoryLane}). */
    record Fast(Route route, MemoryPage page) {}

    private final RoutesConfig routes;
    private final List<String> bearerPrefixes;
    private final List<Route> registered = new ArrayList<>();
    private final List<Fast> fast = new ArrayList<>();

    /** {@code bearerPrefixes}: where programs call with a key ({@link BearerRealm#prefix}), which no page answered from memory may reach. */
    Router(RoutesConfig routes, List<String> bearerPrefixes) {
        this.routes = routes;
        this.bearerPrefixes = List.copyOf(bearerPrefixes);
    }

    public void get(String path, Role role, Handler handler) {
        routes.get(path, handler, role);
        registered.add(new Route("GET", path, role));
    }

    /**
     * A page route that can also answer from memory: {@code fromMemory} is asked first, for requests that need
     * nothing but the session (see {@link MemoryLane}); when it has no page, {@code handler} answers as usual.
     */
    public void get(String path, Role role, Handler handler, MemoryPage fromMemory) {
        for (String prefix : bearerPrefixes) {
            if (reaches(path, prefix)) throw new IllegalStateException("the page route GET " + path + " would answer paths under "
                    + prefix + " from memory for a browser session, but there programs call with an API key and a session"
                    + " cookie must never count: give the page a path outside " + prefix);
        }
        get(path, role, handler);
        fast.add(new Fast(registered.get(registered.size() - 1), fromMemory));
    }

    public void post(String path, Role role, Handler handler) {
        routes.post(path, handler, role);
        registered.add(new Route("POST", path, role));
    }

    public void sse(String path, Role role, Consumer<SseClient> client) {
        routes.sse(path, client, role);
        registered.add(new Route("GET", path, role));
    }

    /** Whether a route's path could match a path under {@code prefix}: its first segments are the prefix's, or parameters. */
    static boolean reaches(String path, String prefix) {
        String[] route = path.substring(1).split("/", -1);
        String[] under = prefix.substring(1).split("/");
        if (route.length <= under.length) return false; // at most the prefix itself, which the realm does not cover
        for (int i = 0; i < under.length; i++) {
            if (!route[i].equals(under[i]) && !route[i].startsWith("{")) return false;
        }
        return true;
    }

    public List<Route> registered() {
        return List.copyOf(registered);
    }

    List<Fast> fast() {
        return List.copyOf(fast);
    }
}
