package dev.nlulab.accounts;

import dev.nlulab.identity.Role;
import dev.nlulab.identity.Tokens;
import dev.nlulab.identity.User;
import dev.nlulab.store.Database;
import dev.nlulab.store.TestDatabases;
import dev.nlulab.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** API keys on the real databases (H2 always, PostgreSQL when bin/test started one): hashed, revocable, counted per minute. */
class ApiKeysTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-09-01T10:00:20Z"));
    private Database db;

    static List<Database> databases() {
        return TestDatabases.all();
    }

    @AfterEach
    void close() {
        if (db != null) db.close();
    }

    private ApiKeys keys(Database d) {
        db = d;
        return new ApiKeys(d.jdbi(), clock);
    }

    private User user(String email) {
        return new AccountService(db.jdbi(), clock, Duration.ofHours(1)).createUser(email, email.split("@")[0], "correct-horse-battery", Role.STUDENT);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void theDatabaseKeepsOnlyADigestAndTheKeyOpensItsOwnersAccount(Database d) {
        ApiKeys keys = keys(d);
        User ada = user("ada@uni.edu");
        ApiKeys.NewKey made = keys.create(ada, "notebook");
        assertThat(made.secret()).startsWith("nlulab-").hasSize("nlulab-".length() + 43);
        assertThat(made.key().hint()).isEqualTo(made.secret().substring(made.secret().length() - 4));
        String stored = d.jdbi().withHandle(h -> h.createQuery("SELECT key_hash || ' ' || key_hint || ' ' || name FROM api_keys").mapTo(String.class).one());
        assertThat(stored).doesNotContain(made.secret()).startsWith(Tokens.sha256(made.secret()));

        ApiKeys.Use use = keys.use(made.secret()).orElseThrow();
        assertThat(use.user().email()).isEqualTo("ada@uni.edu");
        assertThat(keys.of(ada.id())).singleElement().satisfies(k -> {
            assertThat(k.name()).isEqualTo("notebook");
            assertThat(k.lastUsedAt()).isEqualTo(clock.instant());
        });
        assertThat(keys.use(made.secret() + "x")).isEmpty();
        assertThat(keys.use("Bearer " + made.secret())).isEmpty();
        assertThat(keys.use(null)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aRevokedKeyOpensNothingAndOnlyItsOwnerRevokesIt(Database d) {
        ApiKeys keys = keys(d);
        User ada = user("ada@uni.edu");
        User bob = user("bob@uni.edu");
        ApiKeys.NewKey made = keys.create(ada, "");
        assertThat(made.key().name()).isEqualTo("key 1");
        assertThat(keys.revoke(bob.id(), made.key().id())).as("another user's key").isFalse();
        assertThat(keys.use(made.secret())).isPresent();
        assertThat(keys.revoke(ada.id(), made.key().id())).isTrue();
        assertThat(keys.revoke(ada.id(), made.key().id())).as("revoked already").isFalse();
        assertThat(keys.use(made.secret())).isEmpty();
        assertThat(keys.of(ada.id())).singleElement().satisfies(k -> assertThat(k.revoked()).isTrue());
        assertThat(keys.create(ada, "").key().name()).as("revoked keys still count for the next name").isEqualTo("key 2");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void requestsAreCountedPerMinuteAcrossConcurrentCallers(Database d) throws Exception {
        ApiKeys keys = keys(d);
        ApiKeys.NewKey made = keys.create(user("ada@uni.edu"), "load");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Integer>> counts = new ArrayList<>();
        for (int i = 0; i < 20; i++) counts.add(pool.submit(() -> keys.use(made.secret()).orElseThrow().requestsThisMinute()));
        List<Integer> seen = new ArrayList<>();
        for (Future<Integer> f : counts) seen.add(f.get());
        pool.shutdown();
        assertThat(seen).as("every request got its own count").containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.rangeClosed(1, 20).boxed().toList());
        ApiKeys.Use next = keys.use(made.secret()).orElseThrow();
        assertThat(next.requestsThisMinute()).isEqualTo(21);
        assertThat(next.minuteEnds()).isEqualTo(Instant.parse("2026-09-01T10:01:00Z"));
        clock.advance(Duration.ofSeconds(40)); // 10:01:00, a new minute
        assertThat(keys.use(made.secret()).orElseThrow().requestsThisMinute()).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void namesAndTheNumberOfKeysAreBounded(Database d) {
        ApiKeys keys = keys(d);
        User ada = user("ada@uni.edu");
        assertThatThrownBy(() -> keys.create(ada, "x".repeat(81))).isInstanceOf(FieldErrors.class).hasMessageContaining("at most 80");
        assertThatThrownBy(() -> keys.create(ada, "a\u0007b")).isInstanceOf(FieldErrors.class).hasMessageContaining("control characters");
        for (int i = 0; i < ApiKeys.MAX_ACTIVE; i++) keys.create(ada, "k" + i);
        assertThatThrownBy(() -> keys.create(ada, "one more")).isInstanceOf(FieldErrors.class).hasMessageContaining("Revoke one");
        keys.revoke(ada.id(), keys.of(ada.id()).get(0).id());
        assertThat(keys.create(ada, "one more").key().name()).isEqualTo("one more");
    }
}
