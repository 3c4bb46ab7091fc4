package dev.nlulab.accounts;

import dev.nlulab.identity.Tokens;
import dev.nlulab.store.Times;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;

/**
 * The one-time set-up URL (as Jenkins hands out its first admin password): while no user exists,
 * each start issues a fresh token, printed on the console; using it creates the first account.
 */
public final class SetupTokens {
    private final Jdbi jdbi;
    private final Clock clock;

    public SetupTokens(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public String issue() {
        String token = Tokens.secret();
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM setup_tokens").execute();
            h.createUpdate("INSERT INTO setup_tokens (token, created_at) VALUES (:t, :c)")
                    .bind("t", Tokens.sha256(token)).bind("c", Times.db(clock.instant())).execute();
        });
        return token;
    }

    public boolean valid(String token) {
        if (token == null || token.length() > 100) return false;
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM setup_tokens WHERE token = :t")
                .bind("t", Tokens.sha256(token)).mapTo(Long.class).one()) > 0;
    }

    public void consume() {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM setup_tokens").execute());
    }
}
