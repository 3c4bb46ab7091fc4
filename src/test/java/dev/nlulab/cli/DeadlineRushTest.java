package dev.nlulab.cli;

import dev.nlulab.config.Settings;
import dev.nlulab.store.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code nlulab bench rush}'s scenario, small: 200 uploads from 20 students by 16 concurrent clients, on two servers
 * sharing the private PostgreSQL (one server on H2 where there is none). Every upload is answered, each student ends with exactly
 * the daily limit of graded submissions (read from the database here, not from the scenario's own checks), and what
 * the servers acknowledged is what they stored.
 */
class DeadlineRushTest {
    static final int UPLOADS = 200;
    static final int STUDENTS = 20;
    static final int DAILY = 4;

    @TempDir
    Path tmp;

    /** The harder of the two setups where there is a PostgreSQL (one H2 server is the bench's default); else H2. */
    static Stream<Arguments> setups() {
        String pg = TestDatabases.postgresUrlOrNull();
        return Stream.of(pg == null ? Arguments.of("one server on H2", 1, Map.of("db.url", TestDatabases.h2Url()))
                : Arguments.of("two servers on PostgreSQL", 2, Map.of("db.url", pg, "db.user", "nlulab", "db.password", "nlulab")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("setups")
    void aRushOfUploadsLosesNoneAndHoldsEachLimitExactly(String name, int servers, Map<String, String> db) throws Exception {
        RushLab lab = new RushLab("rush", DAILY, 50);
        Map<String, String> s = new HashMap<>(db);
        s.putAll(Map.of("port", "0", "course.dir", lab.writeCourse(tmp.resolve("course"), Path.of("")).toString(),
                "data.dir", tmp.resolve("data").toString(), "model.dir", tmp.resolve("no-model").toString(), "db.pool.size", "6"));
        List<Platform> platforms = new ArrayList<>();
        try {
            for (int i = 0; i < servers; i++) platforms.add(Platform.start(Settings.of(s)));
            RushClass students = RushClass.seed(platforms.get(0), STUDENTS);
            DeadlineRush rush = new DeadlineRush(platforms.stream().map(p -> "http://localhost:" + p.web().port()).toList(), lab, students);
            DeadlineRush.Result r = rush.run(UPLOADS, 16, platforms.get(0).db());

            assertThat(r.failures()).as(name).isEmpty();
            assertThat(r.acknowledgedCount() + r.refused()).isEqualTo(UPLOADS);
            for (RushClass.Student st : students.students()) {
                List<String> stored = platforms.get(0).db().jdbi().withHandle(h -> h.createQuery(
                        "SELECT status FROM submissions WHERE user_id = :u").bind("u", st.id()).mapTo(String.class).list());
                assertThat(stored).as("student %d's submissions on %s", st.id(), name).hasSize(DAILY).containsOnly("GRADED");
                assertThat(r.acknowledged().get(st.id())).as("uploads acknowledged to student %d", st.id()).hasSize(DAILY);
            }
            assertThat(rush.checks(r, Duration.ofSeconds(60), platforms.get(0).db())).allSatisfy(c -> assertThat(c.ok()).as(c.toString()).isTrue());
        } finally {
            for (Platform p : platforms) p.close();
        }
    }
}
