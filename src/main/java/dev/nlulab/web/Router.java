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
    private final List<Route> registered = new ArrayList<>();
    private final List<Fast> fast = new ArrayList<>();

    Router(RoutesConfig routes) {
        this.routes = routes;
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

    public List<Route> registered() {
        return List.copyOf(registered);
    }

    List<Fast> fast() {
        return List.copyOf(fast);
    }
}
