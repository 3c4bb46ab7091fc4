package dev.nlulab.web;

import dev.nlulab.accounts.Role;

import java.util.Map;

/** The landing page: signed-out visitors go to sign-in, everyone else sees their dashboard. */
public final class HomeRoutes implements Feature {
    @Override
    public void routes(Router r) {
        r.get("/", Role.ANYONE, ctx -> {
            if (Web.user(ctx) == null) {
                ctx.redirect("/login");
                return;
            }
            Web.render(ctx, "home", Map.of());
        });
    }
}
