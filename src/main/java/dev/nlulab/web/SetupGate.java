package dev.nlulab.web;

import dev.nlulab.accounts.UserStore;

/** Remembers once the first account exists, so the per-request check costs nothing after set-up. */
public final class SetupGate {
    private final UserStore users;
    private volatile boolean setUp;

    public SetupGate(UserStore users) {
        this.users = users;
    }

    public boolean isSetUp() {
        if (!setUp && users.count() > 0) setUp = true;
        return setUp;
    }
}
