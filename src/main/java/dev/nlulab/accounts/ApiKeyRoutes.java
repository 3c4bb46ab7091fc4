package dev.nlulab.accounts;

import dev.nlulab.identity.Role;
import dev.nlulab.web.Feature;
import dev.nlulab.web.NavItem;
import dev.nlulab.web.Router;
import dev.nlulab.web.Web;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The API keys page: a user makes keys for the /v1 API (each shown once, in the answer to the form that
 * made it, never in a redirect, a cookie or a log), sees their keys by name and last characters, and
 * revokes them. Every user manages only their own keys.
 */
public final class ApiKeyRoutes implements Feature {
    /** What the page tells a user about calling the API: its base URL (blank: this request's origin), the model's id and the rate limit. */
    public record ApiFacts(String baseUrl, Supplier<String> model, int requestsPerMinute) {}

    private final ApiKeys keys;
    private final ApiFacts facts;

    public ApiKeyRoutes(ApiKeys keys, ApiFacts facts) {
        this.keys = keys;
        this.facts = facts;
    }

    @Override
    public List<NavItem> nav() {
        return List.of(new NavItem("API keys", "/account/api-keys", Role.STUDENT, 65));
    }

    @Override
    public void routes(Router r) {
        r.get("/account/api-keys", Role.STUDENT, ctx -> page(ctx, Map.of()));
        r.post("/account/api-keys", Role.STUDENT, this::create);
        r.post("/account/api-keys/{id}/revoke", Role.STUDENT, this::revoke);
    }

    private void create(Context ctx) {
        String name = ctx.formParam("name");
        try {
            ApiKeys.NewKey made = keys.create(Web.me(ctx), name);
            ctx.header("Cache-Control", "no-store"); // the page holds the key: no cache keeps it
            page(ctx, Map.of("made", made));
        } catch (FieldErrors e) {
            ctx.status(422);
            page(ctx, Map.of("errors", e.byField(), "name", name == null ? "" : name));
        }
    }

    private void revoke(Context ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new NotFoundResponse("You have no such key.");
        }
        if (!keys.revoke(Web.me(ctx).id(), id)) throw new NotFoundResponse("You have no such key, or it is revoked already.");
        Web.flash(ctx, "The key is revoked: requests with it are refused from now on.");
        ctx.redirect("/account/api-keys");
    }

    private void page(Context ctx, Map<String, ?> extra) {
        Map<String, Object> m = new HashMap<>(extra);
        m.put("keys", keys.of(Web.me(ctx).id()));
        String base = facts.baseUrl().isBlank() ? ctx.scheme() + "://" + ctx.host() : facts.baseUrl();
        m.put("apiBase", base.replaceAll("/+$", "") + "/v1");
        m.put("model", facts.model().get());
        m.put("perMinute", facts.requestsPerMinute());
        m.put("maxActive", ApiKeys.MAX_ACTIVE);
        m.put("prefix", ApiKeys.PREFIX);
        Web.render(ctx, "api-keys", m);
    }
}
