package dev.nlulab.web;

import dev.nlulab.identity.Role;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The landing page: signed-out visitors go to sign-in, everyone else sees their dashboard. */
public final class HomeRoutes implements Feature {
    private final List<Feature> features;

    /** {@code features} are asked for their part of the dashboard on each visit. */
    public HomeRoutes(List<Feature> features) {
        this.features = features;
    }

    @Override
    public void routes(Router r) {
        r.get("/", Role.ANYONE, ctx -> {
            if (Web.user(ctx) == null) {
                ctx.redirect("/login");
                return;
            }
            Map<String, Object> model = new HashMap<>();
            for (Feature f : features) if (f != this) model.putAll(f.home(ctx));
            Web.render(ctx, "home", model);
        });
    }
}
