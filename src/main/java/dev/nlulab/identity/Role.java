package dev.nlulab.identity;

import io.javalin.security.RouteRole;

import java.util.Locale;

/**
 * Who may do what. A route declares the least role it needs; a higher role may do everything a lower
 * one may (an admin is also an instructor). ANYONE marks public routes (sign-in, sign-up, health).
 */
public enum Role implements RouteRole {
    ANYONE, STUDENT, INSTRUCTOR, ADMIN;

    /** True when a user with role {@code held} may use a route that needs this role. */
    public boolean admits(Role held) {
        return this == ANYONE || (held != null && held != ANYONE && held.ordinal() >= ordinal());
    }

    public static Role parse(String text) {
        String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        for (Role r : values()) {
            if (r != ANYONE && r.name().equals(t)) return r;
        }
        throw new IllegalArgumentException("unknown role '" + text + "' (expected student, instructor or admin)");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
