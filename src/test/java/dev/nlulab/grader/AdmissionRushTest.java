package dev.nlulab.grader;

import dev.nlulab.cli.Platform;
import dev.nlulab.cli.RushLab;
import dev.nlulab.jobs.TestKinds;
import dev.nlulab.config.Settings;
import dev.nlulab.identity.Role;
import dev.nlulab.store.TestDatabases;
import dev.nlulab.web.TestClient;
import dev.nlulab.web.TestServer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two servers on one database (two whole platforms, each with its own pool, services and web server), and a rush
 * of concurrent uploads and job starts from the same students split between them: the limits hold exactly, every
 * upload a server took is graded, and nothing beyond the limits is stored or queued.
 */
class AdmissionRushTest {
    static final int STUDENTS = 3;
    static final int UPLOADS_EACH = 40;
    static final int JOBS_EACH = 12;
    static final int DAILY_LIMIT = 5;
    static final int MAX_QUEUED = 2;

    @TempDir
    Path tmp;

    static Stream<Arguments> databases() {
        List<Arguments> dbs = new ArrayList<>();
        dbs.add(Arguments.of("H2", Map.of("db.url", TestDatabases.h2Url())));
        String pg = TestDatabases.postgresUrlOrNull();
        if (pg != null) dbs.add(Arguments.of("PostgreSQL", Map.of("db.url", pg, "db.user", "nlulab", "db.password", "nlulab")));
        return dbs.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void twoServersAdmitExactlyTheLimitsUnderARush(String name, Map<String, String> db) throws Exception {
        Map<String, String> settings = new HashMap<>(db);
        settings.putAll(Map.of("port", "0", "course.dir", new RushLab("rush", DAILY_LIMIT, 50, TestKinds.SLEEP_EXERCISE).writeCourse(tmp.resolve("course"), Path.of("")).toString(), "data.dir", tmp.resolve("data").toString(),
                "model.dir", tmp.resolve("no-model").toString(), "jobs.tick.ms", "3600000", // jobs stay queued
                "jobs.max.queued.per.student", Integer.toString(MAX_QUEUED), "db.pool.size", "6"));
        try (Platform a = Platform.start(Settings.of(settings)); Platform b = Platform.start(Settings.of(settings))) {
            List<Platform> servers = List.of(a, b);
            List<Long> ids = new ArrayList<>();
            Map<Long, List<TestClient>> clients = new HashMap<>();
            for (int s = 0; s < STUDENTS; s++) {
                String email = "rush" + s + "@uni.edu";
                long id = a.accounts().createUser(email, "rush " + s, TestServer.PASSWORD, Role.STUDENT).id();
                ids.add(id);
                List<TestClient> own = new ArrayList<>();
                for (Platform p : servers) {
                    TestClient c = new TestClient(path -> "http://localhost:" + p.web().port() + path);
                    c.signIn(email, TestServer.PASSWORD);
                    c.get("/labs/rush");
                    own.add(c);
                }
                clients.put(id, own);
            }

            byte[] predictions = RushLab.PREDICTIONS;
            ExecutorService pool = Executors.newFixedThreadPool(24);
            List<Future<HttpResponse<String>>> uploads = new ArrayList<>();
            List<Future<HttpResponse<String>>> jobs = new ArrayList<>();
            Map<Future<HttpResponse<String>>, Long> owner = new HashMap<>();
            for (int i = 0; i < Math.max(UPLOADS_EACH, JOBS_EACH); i++) {
                for (long id : ids) {
                    TestClient c = clients.get(id).get(i % 2); // every other request to the other server
                    if (i < UPLOADS_EACH) {
                        var f = pool.submit(() -> c.upload("/labs/rush/cls/submissions", "predictions", "p.csv", predictions));
                        uploads.add(f);
                        owner.put(f, id);
                    }
                    if (i < JOBS_EACH) jobs.add(pool.submit(() -> c.post("/labs/rush/sleep/jobs", Map.of("seconds", "60"))));
                }
            }
            Map<Long, Integer> taken = new HashMap<>();
            for (var f : uploads) {
                HttpResponse<String> r = f.get();
                assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
                if (r.headers().firstValue("Location").orElse("").contains("submission=")) taken.merge(owner.get(f), 1, Integer::sum);
            }
            for (var f : jobs) assertThat(f.get().statusCode()).isLessThan(500);
            pool.shutdown();

            for (long id : ids) {
                List<String> uploaded = a.db().jdbi().withHandle(h -> h.createQuery(
                                "SELECT status FROM submissions WHERE user_id = :u AND exercise_id = 'cls'")
                        .bind("u", id).mapTo(String.class).list());
                assertThat(uploaded).as("what %s stored of student %d's %d uploads", name, id, UPLOADS_EACH)
                        .hasSize(DAILY_LIMIT).containsOnly("GRADED");
                assertThat(taken.get(id)).as("uploads the servers said they took").isEqualTo(DAILY_LIMIT);
                List<String> queued = a.db().jdbi().withHandle(h -> h.createQuery(
                                "SELECT state FROM jobs WHERE user_id = :u AND state <> 'CANCELLED'")
                        .bind("u", id).mapTo(String.class).list());
                assertThat(queued).as("jobs of student %d left queued on %s", id, name).hasSize(MAX_QUEUED).containsOnly("QUEUED");
                int pendingJobs = a.db().jdbi().withHandle(h -> h.createQuery(
                                "SELECT COUNT(*) FROM submissions WHERE user_id = :u AND exercise_id = 'sleep' AND status = 'PENDING'")
                        .bind("u", id).mapTo(Integer.class).one());
                assertThat(pendingJobs).as("job submissions waiting for their jobs").isEqualTo(MAX_QUEUED);
            }
        }
    }
}
