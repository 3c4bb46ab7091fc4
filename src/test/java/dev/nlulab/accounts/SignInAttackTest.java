package dev.nlulab.accounts;

import dev.nlulab.identity.Role;
import dev.nlulab.store.Database;
import dev.nlulab.store.TestDatabases;
import dev.nlulab.web.TestClient;
import dev.nlulab.web.TestServer;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a stranger learns and can do at the sign-in form: no account enumeration by timing, no lock-out of a student. */
class SignInAttackTest {
    static final String PW = TestServer.PASSWORD;

    @Test
    void anUnknownEmailOrARosterRowTakesAsLongAsAWrongPassword() {
        try (Database db = TestDatabases.h2()) {
            AccountService a = new AccountService(db.jdbi(), Clock.systemUTC(), Duration.ofHours(1));
            a.createUser("ada@uni.edu", "Ada", PW, Role.STUDENT);
            new RosterImport(db.jdbi(), Clock.systemUTC()).run("email,name,role\ngrace@uni.edu,Grace,student\n".getBytes());
            int n = LoginThrottle.MAX_PER_ACCOUNT; // more would throttle the account, which answers fast for all three alike
            long[] wrong = new long[n], unknown = new long[n], roster = new long[n];
            for (int i = 0; i < n; i++) { // interleaved, each from its own address so that no throttle answers first
                wrong[i] = time(a, "ada@uni.edu", "10.1.0." + i);
                unknown[i] = time(a, "nobody" + i + "@uni.edu", "10.2.0." + i);
                roster[i] = time(a, "grace@uni.edu", "10.3.0." + i);
            }
            long w = median(wrong);
            assertThat(median(unknown)).as("unknown email vs wrong password (%d us)", w / 1000).isGreaterThan(w / 2);
            assertThat(median(roster)).as("account without a password vs wrong password (%d us)", w / 1000).isGreaterThan(w / 2);
        }
    }

    private static long time(AccountService a, String email, String address) {
        long t = System.nanoTime();
        assertThatThrownBy(() -> a.signIn(email, "not-the-password", address)).isInstanceOf(FieldErrors.class)
                .hasMessageContaining("Email or password is not right");
        return System.nanoTime() - t;
    }

    private static long median(long[] xs) {
        long[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    @Test
    void guessesFromAnywhereDoNotLockAStudentOutOfTheBrowserSheSignedInWith() {
        try (TestServer server = TestServer.start()) {
            server.user("ada@uni.edu", Role.STUDENT);
            TestClient ada = new TestClient(server);
            ada.signIn("ada@uni.edu", PW); // her own browser, the week before the deadline
            ada.post("/logout", Map.of());

            TestClient stranger = new TestClient(server); // from the same address (the campus network), no cookie of hers
            stranger.get("/login");
            for (int i = 0; i < 3 * LoginThrottle.MAX_PER_ACCOUNT; i++) {
                stranger.post("/login", Map.of("email", "ada@uni.edu", "password", "guess-number-" + i));
            }
            HttpResponse<String> guess = stranger.post("/login", Map.of("email", "ada@uni.edu", "password", PW));
            assertThat(guess.statusCode()).as("the stranger, even with the right password now").isEqualTo(429);

            ada.get("/login");
            HttpResponse<String> r = ada.post("/login", Map.of("email", "ada@uni.edu", "password", PW));
            assertThat(r.statusCode()).as("Ada on her own browser: " + r.body()).isEqualTo(302);
        }
    }

    @Test
    void onlyThisInstallationsCookieForThatAccountExemptsABrowserAndItsOwnGuessesAreThrottled() {
        try (Database db = TestDatabases.h2()) {
            AccountService a = new AccountService(db.jdbi(), Clock.systemUTC(), Duration.ofHours(1));
            a.createUser("ada@uni.edu", "Ada", PW, Role.STUDENT);
            a.createUser("eve@uni.edu", "Eve", PW, Role.STUDENT);
            String ada = a.signIn("ada@uni.edu", PW, new AccountService.Client("10.0.0.1", null)).deviceCookie();
            String eve = a.signIn("eve@uni.edu", PW, new AccountService.Client("10.0.0.9", null)).deviceCookie();
            for (int i = 0; i < LoginThrottle.MAX_PER_ACCOUNT; i++) wrong(a, new AccountService.Client("10.0.0.9", null));

            String forged = ada.substring(0, ada.lastIndexOf('.') + 1) + "A".repeat(43);
            String otherInstallation;
            try (Database other = TestDatabases.h2()) { // Ada is user 1 there as here
                AccountService b = new AccountService(other.jdbi(), Clock.systemUTC(), Duration.ofHours(1));
                b.createUser("ada@uni.edu", "Ada", PW, Role.STUDENT);
                otherInstallation = b.signIn("ada@uni.edu", PW, new AccountService.Client("10.0.0.1", null)).deviceCookie();
            }
            assertThat(otherInstallation.split("\\.")[0]).isEqualTo(ada.split("\\.")[0]);
            for (String cookie : List.of(eve, forged, otherInstallation, "1.2.3", "")) {
                assertThatThrownBy(() -> a.signIn("ada@uni.edu", PW, new AccountService.Client("10.0.0.9", cookie)))
                        .as(cookie).isInstanceOf(AccountService.Throttled.class);
            }
            assertThat(a.signIn("ada@uni.edu", PW, new AccountService.Client("10.0.0.9", ada)).session()).isNotNull();

            for (int i = 0; i < LoginThrottle.MAX_PER_DEVICE; i++) wrong(a, new AccountService.Client("10.0.0.1", ada));
            assertThatThrownBy(() -> a.signIn("ada@uni.edu", PW, new AccountService.Client("10.0.0.1", ada)))
                    .as("a browser guessing with its own cookie").isInstanceOf(AccountService.Throttled.class);
        }
    }

    private static void wrong(AccountService a, AccountService.Client c) {
        assertThatThrownBy(() -> a.signIn("ada@uni.edu", "guess-guess-guess", c)).isInstanceOf(FieldErrors.class);
    }
}
