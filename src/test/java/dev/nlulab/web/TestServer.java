package dev.nlulab.web;

import dev.nlulab.cli.Platform;
import dev.nlulab.config.Settings;
import dev.nlulab.identity.Role;
import dev.nlulab.identity.User;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A real platform on a free port with a fresh in-memory H2 and a temporary data folder. */
public final class TestServer implements AutoCloseable {
    public static final String PASSWORD = "correct-horse-battery";
    public final Platform platform;
    public final Path dataDir;

    private TestServer(Platform platform, Path dataDir) {
        this.platform = platform;
        this.dataDir = dataDir;
    }

    public static TestServer start(Map<String, String> overrides, List<Feature> extra) {
        return start(overrides, extra, Clock.systemUTC());
    }

    /** A server whose deadlines, limits and sessions read {@code clock} (a testkit MutableClock moves time). */
    public static TestServer start(Map<String, String> overrides, List<Feature> extra, Clock clock) {
        try {
            Path data = Files.createTempDirectory("nlulab-test");
            Map<String, String> s = new HashMap<>();
            s.put("port", "0");
            s.put("data.dir", data.toString());
            s.put("course.dir", Path.of("").toAbsolutePath().toString());
            s.put("db.url", "jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
            s.putAll(overrides);
            return new TestServer(Platform.start(Settings.of(s), extra, clock), data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TestServer start() {
        return start(Map.of(), List.of());
    }

    public String url(String path) {
        return "http://localhost:" + platform.web().port() + path;
    }

    /** An account made directly, for tests that are not about signing up. */
    public User user(String email, Role role) {
        return platform.accounts().createUser(email, email.split("@")[0], PASSWORD, role);
    }

    /** A client already signed in as a new user with this role. */
    public TestClient signedIn(String email, Role role) {
        user(email, role);
        TestClient c = new TestClient(this);
        c.signIn(email, PASSWORD);
        return c;
    }

    private TestClient operator;

    /** How many pages of {@code route} this server answered from memory ahead of the application, as its operators' page says. */
    public synchronized double pagesFromMemory(String route) {
        if (operator == null) operator = signedIn("operator." + java.util.UUID.randomUUID() + "@uni.edu", Role.ADMIN);
        String metrics = operator.get("/admin/metrics").body();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("nlulab_http_pages_from_memory_total\\{route=\""
                + java.util.regex.Pattern.quote(route) + "\"} (\\S+)").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Override
    public void close() {
        platform.close();
    }
}
