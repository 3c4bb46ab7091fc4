package dev.nlulab.accounts;

import dev.nlulab.identity.Role;
import dev.nlulab.identity.User;
import dev.nlulab.store.Times;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The users table. */
public final class UserStore {
    static final RowMapper<User> MAPPER = (rs, ctx) -> new User(rs.getLong("id"), rs.getString("email"),
            rs.getString("display_name"), Role.parse(rs.getString("role")), Times.instant(rs, "created_at"));

    private final Jdbi jdbi;

    public UserStore(Jdbi jdbi) { this.jdbi = jdbi; }

    public static String normalizeEmail(String email) {
        return email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    }

    public long count() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM users").mapTo(Long.class).one());
    }

    public Optional<User> byId(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM users WHERE id = :id")
                .bind("id", id).map(MAPPER).findOne());
    }

    /** The display names of the given users, by id, in one query; ids without a user are left out. */
    public Map<Long, String> displayNames(Collection<Long> ids) {
        if (ids.isEmpty()) return Map.of();
        Map<Long, String> out = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT id, display_name FROM users WHERE id IN (<ids>)")
                .bindList("ids", List.copyOf(ids))
                .map((rs, ctx) -> out.put(rs.getLong("id"), rs.getString("display_name"))).list());
        return out;
    }

    public Optional<User> byEmail(String email) {
        return jdbi.withHandle(h -> byEmail(h, email));
    }

    static Optional<User> byEmail(Handle h, String email) {
        return h.createQuery("SELECT * FROM users WHERE email = :e")
                .bind("e", normalizeEmail(email)).map(MAPPER).findOne();
    }

    Optional<String> passwordHash(long userId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT password_hash FROM users WHERE id = :id")
                .bind("id", userId).mapTo(String.class).findOne());
    }

    static long insert(Handle h, String email, String displayName, String passwordHash, Role role, Instant now) {
        return h.createUpdate("INSERT INTO users (email, display_name, password_hash, role, created_at) "
                        + "VALUES (:e, :n, :p, :r, :t)")
                .bind("e", normalizeEmail(email)).bind("n", displayName.trim()).bind("p", passwordHash)
                .bind("r", role.label()).bind("t", Times.db(now))
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    static void setPassword(Handle h, long userId, String displayName, String passwordHash) {
        h.createUpdate("UPDATE users SET password_hash = :p, display_name = :n WHERE id = :id")
                .bind("p", passwordHash).bind("n", displayName.trim()).bind("id", userId).execute();
    }

    public List<User> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM users ORDER BY role, display_name, id")
                .map(MAPPER).list());
    }

    public void setRole(long userId, Role role) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE users SET role = :r WHERE id = :id")
                .bind("r", role.label()).bind("id", userId).execute());
    }

    public long countWithRole(Role role) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM users WHERE role = :r")
                .bind("r", role.label()).mapTo(Long.class).one());
    }
}
