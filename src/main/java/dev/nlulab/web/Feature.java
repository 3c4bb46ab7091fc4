package dev.nlulab.web;

import java.util.List;

/** A feature (accounts, course, labs, jobs, grader...) registers its own routes and menu entries. */
public interface Feature {
    void routes(Router router);

    default List<NavItem> nav() { return List.of(); }
}
