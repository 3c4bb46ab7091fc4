package dev.nlulab.web;

import dev.nlulab.identity.Session;

import java.util.Optional;

/** The session behind a browser's session cookie, if it is live; the accounts feature keeps sessions. */
@FunctionalInterface
public interface SessionLookup {
    Optional<Session> find(String token);
}
