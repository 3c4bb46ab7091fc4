package dev.nlulab.web;

import io.javalin.http.Context;

import java.util.List;
import java.util.Map;

/** A feature (accounts, course, labs, jobs, grader...) registers its own routes and menu entries. */
public interface Feature {
    void routes(Router router);

    default List<NavItem> nav() { return List.of(); }

    /** Model entries the feature adds to the signed-in user's home page (its template shows them). */
    default Map<String, Object> home(Context ctx) { return Map.of(); }
}
