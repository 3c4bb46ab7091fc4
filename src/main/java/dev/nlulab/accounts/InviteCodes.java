package dev.nlulab.accounts;

import dev.nlulab.identity.Tokens;
import dev.nlulab.store.Times;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The course's invite codes: students sign up with the active one; rotating retires the old. */
public final class InviteCodes {
    public record Invite(String code, Instant createdAt, Instant revokedAt) {
        public boolean active() { return revokedAt == null; }
    }

    private final Jdbi jdbi;
    private final Clock clock;

    public InviteCodes(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Revokes every active code and issues a new one, in one transaction. */
    public String rotate(long byUserId) {
        String code = Tokens.inviteCode();
        Instant now = clock.instant();
        jdbi.useTransaction(h -> {
            h.createUpdate("UPDATE invite_codes SET revoked_at = :t WHERE revoked_at IS NULL").bind("t", Times.db(now)).execute();
            h.createUpdate("INSERT INTO invite_codes (code, created_by, created_at) VALUES (:c, :u, :t)")
                    .bind("c", code).bind("u", byUserId).bind("t", Times.db(now)).execute();
        });
        return code;
    }

    public void revokeAll() {
        jdbi.useHandle(h -> h.createUpdate("UPDATE invite_codes SET revoked_at = :t WHERE revoked_at IS NULL")
                .bind("t", Times.db(clock.instant())).execute());
    }

    public Optional<String> active() {
        return jdbi.withHandle(h -> h.createQuery("SELECT code FROM invite_codes WHERE revoked_at IS NULL "
                + "ORDER BY created_at DESC").mapTo(String.class).findFirst());
    }

    public boolean accepts(String code) {
        if (code == null) return false;
        String normalized = code.trim().toUpperCase(Locale.ROOT);
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM invite_codes WHERE code = :c AND revoked_at IS NULL")
                .bind("c", normalized).mapTo(Long.class).one()) > 0;
    }

    public List<Invite> history() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM invite_codes ORDER BY created_at DESC")
                .map((rs, c) -> new Invite(rs.getString("code"), Times.instant(rs, "created_at"), Times.instant(rs, "revoked_at")))
                .list());
    }
}
