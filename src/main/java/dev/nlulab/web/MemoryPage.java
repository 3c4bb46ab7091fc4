package dev.nlulab.web;

import dev.nlulab.identity.User;

import java.util.Map;

/** A page's answer from memory for one signed-in user (see {@link MemoryLane}). */
@FunctionalInterface
public interface MemoryPage {
    /**
     * The whole page for {@code user}, whose forms carry {@code csrf}, with the route's path parameters by name;
     * null when it is not all in memory (or not found, or not for this user): the route's handler then answers.
     */
    byte[] page(User user, String csrf, Map<String, String> params);
}
