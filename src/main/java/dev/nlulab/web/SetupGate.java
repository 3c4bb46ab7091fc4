package dev.nlulab.web;

import java.util.function.LongSupplier;

/** Remembers once the first account exists, so the per-request check costs nothing after set-up. */
public final class SetupGate {
    private final LongSupplier accounts;
    private volatile boolean setUp;

    /** {@code accounts}: how many accounts exist (the accounts feature counts them). */
    public SetupGate(LongSupplier accounts) {
        this.accounts = accounts;
    }

    public boolean isSetUp() {
        if (!setUp && accounts.getAsLong() > 0) setUp = true;
        return setUp;
    }
}
