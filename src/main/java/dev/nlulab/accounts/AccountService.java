package dev.nlulab.accounts;

import dev.nlulab.identity.Role;
import dev.nlulab.identity.Session;
import dev.nlulab.identity.User;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Sign-up, sign-in, first set-up and roles: the rules, with the tables behind small stores. */
public final class AccountService {
    static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}$");
    static final int MAX_NAME = 120;
    /** The users column's width: the longest address RFC 5321 allows (64 + 1 + 255). */
    static final int MAX_EMAIL = 320;

    private final Jdbi jdbi;
    private final Clock clock;
    private final PasswordHasher hasher = new PasswordHasher();
    private final UserStore users;
    private final SessionStore sessions;
    private final InviteCodes invites;
    private final LoginThrottle throttle;

    public AccountService(Jdbi jdbi, Clock clock, Duration sessionLifetime) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.users = new UserStore(jdbi);
        this.sessions = new SessionStore(jdbi, clock, sessionLifetime);
        this.invites = new InviteCodes(jdbi, clock);
        this.throttle = new LoginThrottle(jdbi, clock);
    }

    public UserStore users() { return users; }
    public SessionStore sessions() { return sessions; }
    public InviteCodes invites() { return invites; }

    /** Thrown when sign-in is refused for too many failures. */
    public static final class Throttled extends RuntimeException {
        private final Duration wait;
        Throttled(Duration wait) {
            super("Too many failed sign-ins. Try again in " + Math.max(1, (wait.toSeconds() + 59) / 60) + " minutes.");
            this.wait = wait;
        }
        public Duration retryAfter() { return wait; }
    }

    /**
     * A student signs up with the invite code. An address the instructor already put on the roster
     * (no password yet) is claimed instead of duplicated, keeping the roster's role.
     */
    public User signUp(String email, String displayName, String password, String inviteCode) {
        Map<String, String> errors = checkProfile(email, displayName, password);
        if (!invites.accepts(inviteCode)) errors.put("invite", "This invite code is not valid. Ask your instructor for the current one.");
        if (!errors.isEmpty()) throw new FieldErrors(errors);
        return jdbi.inTransaction(h -> {
            Optional<User> existing = UserStore.byEmail(h, email);
            if (existing.isPresent()) {
                String hash = h.createQuery("SELECT password_hash FROM users WHERE id = :id")
                        .bind("id", existing.get().id()).mapTo(String.class).one();
                if (hash != null) throw FieldErrors.of("email", "An account with this email already exists. Sign in instead.");
                UserStore.setPassword(h, existing.get().id(), displayName, hasher.hash(password));
                return UserStore.byEmail(h, email).orElseThrow();
            }
            long id = UserStore.insert(h, email, displayName, hasher.hash(password), Role.STUDENT, clock.instant());
            return h.createQuery("SELECT * FROM users WHERE id = :id").bind("id", id).map(UserStore.MAPPER).one();
        });
    }

    /** The first account, made through the one-time set-up URL: an admin (who is also an instructor). */
    public User createFirstAdmin(String email, String displayName, String password) {
        Map<String, String> errors = checkProfile(email, displayName, password);
        if (!errors.isEmpty()) throw new FieldErrors(errors);
        return jdbi.inTransaction(h -> {
            long count = h.createQuery("SELECT COUNT(*) FROM users").mapTo(Long.class).one();
            if (count > 0) throw new IllegalStateException("NLU Lab is already set up.");
            long id = UserStore.insert(h, email, displayName, hasher.hash(password), Role.ADMIN, clock.instant());
            return h.createQuery("SELECT * FROM users WHERE id = :id").bind("id", id).map(UserStore.MAPPER).one();
        });
    }

    /** For the command line: an account with a role, made directly. */
    public User createUser(String email, String displayName, String password, Role role) {
        Map<String, String> errors = checkProfile(email, displayName, password);
        if (!errors.isEmpty()) throw new FieldErrors(errors);
        if (users.byEmail(email).isPresent()) throw FieldErrors.of("email", "An account with this email already exists.");
        return jdbi.inTransaction(h -> {
            long id = UserStore.insert(h, email, displayName, hasher.hash(password), role, clock.instant());
            return h.createQuery("SELECT * FROM users WHERE id = :id").bind("id", id).map(UserStore.MAPPER).one();
        });
    }

    /** Signs in or says why not; the same message for an unknown email and a wrong password. */
    public Session signIn(String email, String password, String address) {
        // no account can have such an address; saying so keeps it away from the failures table
        if (UserStore.normalizeEmail(email).length() > MAX_EMAIL) throw FieldErrors.of("email", tooLong());
        throttle.blockedFor(email, address).ifPresent(wait -> { throw new Throttled(wait); });
        Optional<User> user = users.byEmail(email);
        String hash = user.flatMap(u -> users.passwordHash(u.id())).orElse(null);
        boolean ok = hash != null && hasher.verify(password == null ? "" : password, hash);
        if (!ok) {
            throttle.recordFailure(email == null ? "" : email, address);
            throw FieldErrors.of("password", "Email or password is not right.");
        }
        throttle.clear(email);
        return sessions.open(user.get());
    }

    /** Gives the user a new role and returns them as they are now. */
    public User changeRole(User actor, long userId, Role role) {
        if (!actor.isAdmin()) throw new SecurityException("only admins change roles");
        User target = users.byId(userId).orElseThrow(() -> FieldErrors.of("user", "No such user."));
        if (target.role() == Role.ADMIN && role != Role.ADMIN && users.countWithRole(Role.ADMIN) == 1)
            throw FieldErrors.of("role", "The last admin cannot lose the admin role.");
        users.setRole(userId, role);
        sessions.closeAllOf(userId); // a changed role takes effect at the next sign-in, everywhere
        return users.byId(userId).orElseThrow();
    }

    private Map<String, String> checkProfile(String email, String displayName, String password) {
        Map<String, String> errors = new LinkedHashMap<>();
        String e = UserStore.normalizeEmail(email);
        if (e.length() > MAX_EMAIL) errors.put("email", tooLong());
        else if (!EMAIL.matcher(e).matches()) errors.put("email", "Enter a valid email address, like ada@example.edu.");
        String n = displayName == null ? "" : displayName.trim();
        if (n.isEmpty()) errors.put("name", "Enter your name as classmates should see it.");
        else if (n.length() > MAX_NAME) errors.put("name", "Use at most " + MAX_NAME + " characters.");
        else if (n.chars().anyMatch(Character::isISOControl)) errors.put("name", "Remove control characters from the name.");
        PasswordRules.problem(password, e).ifPresent(p -> errors.put("password", p));
        return errors;
    }

    static String tooLong() {
        return "An email address has at most " + MAX_EMAIL + " characters.";
    }

}
