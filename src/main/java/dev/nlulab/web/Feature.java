package dev.nlulab.web;

import io.javalin.http.Context;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A feature (accounts, course, labs, jobs, grader...) registers its own routes and menu entries. */
public interface Feature {
    void routes(Router router);

    default List<NavItem> nav() { return List.of(); }

    /** Model entries the feature adds to the signed-in user's home page (its template shows them). */
    default Map<String, Object> home(Context ctx) { return Map.of(); }

    /** Paths the feature serves to programs with a bearer key rather than to a browser session, if any. */
    default Optional<BearerRealm> bearerRealm() { return Optional.empty(); }
}
