package dev.nlulab.web;

import dev.nlulab.identity.Role;
import dev.nlulab.identity.Session;
import dev.nlulab.identity.User;

import java.util.Optional;

/**
 * The rules a browser's request for a page passes, stated once: the site is set up, the session its cookie names is
 * live, and the route's role admits that session's user. {@link WebServer}'s filters apply them to every request and
 * answer one that fails (the set-up page, a sign-in, 403); {@link MemoryLane} answers a GET from memory only when
 * {@link #fromMemory} finds that they all hold and that no cookie makes the page the request's own, and hands
 * anything else to the application. A new rule goes here, so that both keep it.
 */
final class PageRules {
    private final SetupGate setupGate;
    private final SessionLookup sessions;

    PageRules(SetupGate setupGate, SessionLookup sessions) {
        this.setupGate = setupGate;
        this.sessions = sessions;
    }

    /** Until the first instructor exists, nothing but set-up is served. */
    boolean setUp() {
        return setupGate.isSetUp();
    }

    /** The live session a session cookie names; empty for none, an unknown one or an expired one. */
    Optional<Session> session(String token) {
        return token == null ? Optional.empty() : sessions.find(token);
    }

    /** Whether a route that needs {@code needed} lets {@code user} in (null: nobody is signed in). */
    static boolean admits(Role needed, User user) {
        return needed.admits(user == null ? null : user.role());
    }

    /**
     * Whether a cookie makes a page the request's own rather than the one kept for its user: a flash message the page
     * shows once (and clears), an instructor's student's view (another role).
     */
    static boolean changesThePage(String cookieName) {
        return cookieName.equals(Web.FLASH_COOKIE) || cookieName.equals(StudentView.COOKIE);
    }

    /**
     * The session a GET to a route that needs {@code needed} may be answered for from memory, or null when the
     * application must answer it. {@code token}: the session cookie's value (null when none came);
     * {@code pageChanging}: whether a cookie that {@link #changesThePage} came.
     */
    Session fromMemory(Role needed, String token, boolean pageChanging) {
        if (!setUp() || pageChanging) return null;
        Session s = session(token).orElse(null);
        return s != null && admits(needed, s.user()) ? s : null;
    }
}
