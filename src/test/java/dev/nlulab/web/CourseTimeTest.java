package dev.nlulab.web;

import dev.nlulab.config.Settings;
import dev.nlulab.identity.Role;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every page writes times one way: in the course's zone, year first, with the zone's name. */
class CourseTimeTest {
    static final Instant DEADLINE = Instant.parse("2026-12-14T22:59:00Z"); // 23:59 in Berlin

    @Test
    void timesAreIsoLikeInTheCoursesZoneWithItsName() {
        assertThat(new CourseTime(ZoneId.of("Europe/Berlin")).format(DEADLINE)).isEqualTo("2026-12-14 23:59 CET");
        assertThat(new CourseTime(ZoneId.of("Europe/Berlin")).format(Instant.parse("2026-07-01T10:00:00Z"))).isEqualTo("2026-07-01 12:00 CEST");
        assertThat(new CourseTime(ZoneId.of("UTC")).format(DEADLINE)).isEqualTo("2026-12-14 22:59 UTC");
        assertThat(new CourseTime(ZoneId.of("Asia/Tokyo")).date(DEADLINE)).isEqualTo("2026-12-15");
        assertThat(new CourseTime(ZoneId.of("UTC")).format(null)).isEmpty();
    }

    @Test
    void browsersGetAZoneNameTheirIntlKnows() {
        assertThat(new CourseTime(ZoneId.of("Asia/Tokyo")).browserZone()).isEqualTo("Asia/Tokyo");
        assertThat(new CourseTime(ZoneId.of("Z")).browserZone()).isEqualTo("UTC");
        assertThat(new CourseTime(ZoneId.of("GMT+2")).browserZone()).isEqualTo("+02:00");
        assertThat(new CourseTime(ZoneId.of("+05:30")).browserZone()).isEqualTo("+05:30");
    }

    @Test
    void theSettingMustNameAZone() {
        assertThat(Settings.of(Map.of()).courseZone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(Settings.of(Map.of("course.timezone", "America/Chicago")).courseZone()).isEqualTo(ZoneId.of("America/Chicago"));
        assertThatThrownBy(() -> Settings.of(Map.of("course.timezone", "Mars/Olympus")).courseZone())
                .hasMessageContaining("course.timezone").hasMessageContaining("Mars/Olympus").hasMessageContaining("Europe/Berlin");
    }

    @Test
    void labAndPeoplePagesWriteTimesInTheCoursesZone() {
        try (TestServer server = TestServer.start(Map.of("course.timezone", "America/Chicago"), List.of())) {
            server.user("admin@uni.edu", Role.ADMIN);
            TestClient prof = server.signedIn("prof@uni.edu", Role.INSTRUCTOR);
            // the shipped reverse-dictionary lab: deadline 2026-12-14T23:59 in its file's zone, Europe/Berlin
            String labs = prof.get("/labs").body();
            assertThat(labs).contains("2026-12-14 16:59 CST").doesNotContain("Dec 2026").doesNotContain("(Europe/Berlin)");
            String people = prof.get("/instructor/people").body();
            String today = java.time.LocalDate.now(ZoneId.of("America/Chicago")).toString();
            assertThat(people).contains(today);
            TestClient ada = server.signedIn("ada@uni.edu", Role.STUDENT);
            ada.get("/lessons/representations/01-tokenization");
            assertThat(prof.get("/instructor/progress").body()).containsPattern(today + " \\d\\d:\\d\\d C[SD]T");
        }
    }

    @Test
    void twoPlatformsInOneJvmEachWriteTimesInTheirOwnZone() {
        try (TestServer chicago = TestServer.start(Map.of("course.timezone", "America/Chicago"), List.of());
             TestServer tokyo = TestServer.start(Map.of("course.timezone", "Asia/Tokyo"), List.of())) {
            TestClient inChicago = instructor(chicago), inTokyo = instructor(tokyo);
            // the shipped reverse-dictionary lab's deadline, 2026-12-14T23:59 in Europe/Berlin
            assertThat(inChicago.get("/labs").body()).contains("2026-12-14 16:59 CST").doesNotContain("JST");
            assertThat(inTokyo.get("/labs").body()).contains("2026-12-15 07:59 JST").doesNotContain("CST");
            assertThat(inChicago.get("/labs/reverse-dictionary/test/submissions").body()).contains("Times are in <span>America/Chicago</span>");
            assertThat(inTokyo.get("/labs/reverse-dictionary/test/submissions").body()).contains("Times are in <span>Asia/Tokyo</span>");
        }
    }

    private static TestClient instructor(TestServer server) {
        server.user("admin@uni.edu", Role.ADMIN);
        return server.signedIn("prof@uni.edu", Role.INSTRUCTOR);
    }
}
