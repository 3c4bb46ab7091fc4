package dev.nlulab.accounts;

import dev.nlulab.identity.Role;
import dev.nlulab.identity.Session;
import dev.nlulab.identity.User;
import dev.nlulab.store.Database;
import dev.nlulab.store.TestDatabases;
import dev.nlulab.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Accounts on the real databases: H2 always, PostgreSQL when bin/test started one. */
class AccountServiceTest {
    static final String PW = "correct-horse-battery";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-09-01T10:00:00Z"));
    private Database db;

    static List<Database> databases() {
        return TestDatabases.all();
    }

    @AfterEach
    void close() {
        if (db != null) db.close();
    }

    private AccountService service(Database d) {
        db = d;
        return new AccountService(d.jdbi(), clock, Duration.ofHours(12));
    }

    private static long userCount(Database d) {
        return d.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM users").mapTo(Long.class).one());
    }

    @ParameterizedTest
    @MethodSource("databases")
    void studentSignsUpWithTheInviteCodeAndSignsIn(Database d) {
        AccountService a = service(d);
        User admin = a.createFirstAdmin("prof@uni.edu", "Prof", PW);
        String code = a.invites().rotate(admin.id());
        User s = a.signUp("Ada@Uni.edu ", "Ada", PW, code.toLowerCase());
        assertThat(s.email()).isEqualTo("ada@uni.edu");
        assertThat(s.role()).isEqualTo(Role.STUDENT);
        Session session = a.signIn("ada@uni.edu", PW, "10.0.0.1");
        assertThat(a.sessions().find(session.token())).get().extracting(x -> x.user().id()).isEqualTo(s.id());
    }

    @ParameterizedTest
    @MethodSource("databases")
    void badSignUpsSayWhatIsWrongAndWriteNothing(Database d) {
        AccountService a = service(d);
        User admin = a.createFirstAdmin("prof@uni.edu", "Prof", PW);
        String code = a.invites().rotate(admin.id());
        assertThatThrownBy(() -> a.signUp("ada@uni.edu", "Ada", PW, "WRONG-CODE-0000"))
                .isInstanceOfSatisfying(FieldErrors.class, e -> assertThat(e.byField()).containsOnlyKeys("invite"));
        assertThatThrownBy(() -> a.signUp("not-an-email", "", "short", code))
                .isInstanceOfSatisfying(FieldErrors.class, e -> assertThat(e.byField()).containsOnlyKeys("email", "name", "password"));
        a.signUp("ada@uni.edu", "Ada", PW, code);
        assertThatThrownBy(() -> a.signUp("ADA@uni.edu", "Ada again", PW, code))
                .isInstanceOfSatisfying(FieldErrors.class, e -> assertThat(e.byField().get("email")).contains("already exists"));
        assertThat(userCount(d)).isEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void rotatingTheInviteCodeRetiresTheOldOne(Database d) {
        AccountService a = service(d);
        User admin = a.createFirstAdmin("prof@uni.edu", "Prof", PW);
        String first = a.invites().rotate(admin.id());
        String second = a.invites().rotate(admin.id());
        assertThat(a.invites().accepts(first)).isFalse();
        assertThat(a.invites().accepts(second)).isTrue();
        assertThat(a.invites().active()).contains(second);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void sessionsSurviveARestartAndExpire(Database d) {
        AccountService a = service(d);
        a.createFirstAdmin("prof@uni.edu", "Prof", PW);
        Session s = a.signIn("prof@uni.edu", PW, "10.0.0.1");
        AccountService afterRestart = new AccountService(d.jdbi(), clock, Duration.ofHours(12));
        assertThat(afterRestart.sessions().find(s.token())).isPresent();
        clock.advance(Duration.ofHours(13));
        assertThat(afterRestart.sessions().find(s.token())).isEmpty();
        a.sessions().close(s.token());
        assertThat(a.sessions().purgeExpired()).isZero();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void repeatedFailuresThrottleTheAccountUntilTheWindowPasses(Database d) {
        AccountService a = service(d);
        a.createFirstAdmin("prof@uni.edu", "Prof", PW);
        for (int i = 0; i < LoginThrottle.MAX_PER_ACCOUNT; i++) {
            assertThatThrownBy(() -> a.signIn("prof@uni.edu", "wrong-password-x", "10.0.0.2")).isInstanceOf(FieldErrors.class);
        }
        assertThatThrownBy(() -> a.signIn("prof@uni.edu", PW, "10.0.0.3"))
                .isInstanceOf(AccountService.Throttled.class).hasMessageContaining("Try again in 15 minutes");
        clock.advance(Duration.ofMinutes(16));
        assertThat(a.signIn("prof@uni.edu", PW, "10.0.0.3")).isNotNull();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void oneAddressGuessingManyAccountsIsThrottled(Database d) {
        AccountService a = service(d);
        a.createFirstAdmin("prof@uni.edu", "Prof", PW);
        for (int i = 0; i < LoginThrottle.MAX_PER_ADDRESS; i++) {
            int n = i;
            assertThatThrownBy(() -> a.signIn("user" + n + "@uni.edu", "guess-guess-guess", "10.9.9.9")).isInstanceOf(FieldErrors.class);
        }
        assertThatThrownBy(() -> a.signIn("prof@uni.edu", PW, "10.9.9.9")).isInstanceOf(AccountService.Throttled.class);
        assertThat(a.signIn("prof@uni.edu", PW, "10.0.0.4")).isNotNull();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void onlyAdminsChangeRolesAndTheLastAdminStays(Database d) {
        AccountService a = service(d);
        User admin = a.createFirstAdmin("prof@uni.edu", "Prof", PW);
        User ta = a.createUser("ta@uni.edu", "TA", PW, Role.STUDENT);
        Session taSession = a.signIn("ta@uni.edu", PW, "10.0.0.5");
        a.changeRole(admin, ta.id(), Role.INSTRUCTOR);
        assertThat(a.users().byId(ta.id())).get().extracting(User::role).isEqualTo(Role.INSTRUCTOR);
        assertThat(a.sessions().find(taSession.token())).isEmpty();
        User taNow = a.users().byId(ta.id()).orElseThrow();
        assertThatThrownBy(() -> a.changeRole(taNow, admin.id(), Role.STUDENT)).isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> a.changeRole(admin, admin.id(), Role.STUDENT)).hasMessageContaining("last admin");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void firstAdminCanBeCreatedOnlyOnce(Database d) {
        AccountService a = service(d);
        a.createFirstAdmin("prof@uni.edu", "Prof", PW);
        assertThatThrownBy(() -> a.createFirstAdmin("other@uni.edu", "Other", PW)).hasMessageContaining("already set up");
        assertThat(userCount(d)).isEqualTo(1);
    }
}
