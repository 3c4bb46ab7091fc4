package dev.nlulab.authoring;

import dev.nlulab.identity.Role;
import dev.nlulab.web.Feature;
import dev.nlulab.web.NavItem;
import dev.nlulab.web.Router;
import dev.nlulab.web.Web;
import io.javalin.http.Context;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The admin's page for publishing from the course repository: where it is, the last pull, and a button to pull again. */
public final class CourseSyncPage implements Feature {
    private final CourseSync sync;

    public CourseSyncPage(CourseSync sync) {
        this.sync = sync;
    }

    @Override
    public void routes(Router r) {
        r.get("/admin/course-repo", Role.ADMIN, this::show);
        r.post("/admin/course-repo/publish", Role.ADMIN, this::publish);
    }

    @Override
    public List<NavItem> nav() {
        return sync.source().configured() ? List.of(new NavItem("Course repo", "/admin/course-repo", Role.ADMIN, 95)) : List.of();
    }

    private void show(Context ctx) {
        Map<String, Object> model = new HashMap<>();
        model.put("configured", sync.source().configured());
        model.put("url", sync.source().shownUrl());
        model.put("branch", sync.source().branch());
        model.put("outcome", sync.last());
        Web.render(ctx, "course-repo", model);
    }

    private void publish(Context ctx) {
        Web.flash(ctx, sync.pullAndPublish().message());
        ctx.redirect("/admin/course-repo");
    }
}
