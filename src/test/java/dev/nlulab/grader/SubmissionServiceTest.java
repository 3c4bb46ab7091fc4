package dev.nlulab.grader;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nlulab.config.Settings;
import dev.nlulab.identity.Viewer;
import dev.nlulab.jobs.Job;
import dev.nlulab.jobs.JobKinds;
import dev.nlulab.jobs.JobService;
import dev.nlulab.jobs.LocalExecutor;
import dev.nlulab.store.Database;
import dev.nlulab.store.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Submissions against real databases (H2, and PostgreSQL when bin/test provides one), with a clock moved by hand. */
class SubmissionServiceTest {
    @TempDir
    Path course;

    static List<Database> databases() {
        return TestDatabases.all();
    }

    private static Set<Integer> items(boolean publicOnes) {
        return items(GraderFixture.EX, publicOnes);
    }

    private static Set<Integer> items(String exercise, boolean publicOnes) {
        Set<Integer> s = new HashSet<>();
        for (int i = 0; i < GraderFixture.ITEMS; i++) if (GraderFixture.isPublic(exercise, i) == publicOnes) s.add(i);
        return s;
    }

    private static Set<Integer> all() {
        return new HashSet<>(IntStream.range(0, GraderFixture.ITEMS).boxed().toList());
    }

    @ParameterizedTest
    @MethodSource("databases")
    void gradesAFileAndTheStudentSeesOnlyThePublicScoreBeforeTheDeadline(Database db) throws Exception {
        try (db) {
            GraderFixture f = new GraderFixture(course, db, "{policy: unranked}", false);
            Viewer ann = Viewer.student(f.student("ann@example.org"));
            SubmissionView v = f.submit(ann, GraderFixture.predictions(items(false))); // right on the private items only
            assertThat(v.status()).isEqualTo(SubmissionStatus.GRADED);
            assertThat(v.publicScore()).isEqualTo(0.0);
            assertThat(v.privateScore()).isNull();
            assertThat(v.overallScore()).isNull();
            assertThat(f.submissions.history(ann, GraderFixture.LAB, GraderFixture.EX)).allSatisfy(s -> assertThat(s.privateScore()).isNull());

            Viewer teacher = Viewer.instructor(f.student("teacher@example.org"));
            SubmissionView seen = f.submissions.history(teacher, ann.userId(), GraderFixture.LAB, GraderFixture.EX).get(0);
            assertThat(seen.privateScore()).isEqualTo(1.0);
            assertThat(seen.overallScore()).isCloseTo(items(false).size() / 10.0, within(1e-12));
            assertThatThrownBy(() -> f.boards.finalBoard(ann, GraderFixture.LAB, GraderFixture.EX))
                    .isInstanceOf(LeaderboardService.NotRevealedException.class);
            assertThat(f.boards.finalBoard(teacher, GraderFixture.LAB, GraderFixture.EX).rows()).hasSize(1);
            assertThatThrownBy(() -> f.submissions.history(Viewer.student(999), ann.userId(), GraderFixture.LAB, GraderFixture.EX))
                    .isInstanceOf(SecurityException.class);

            f.at("2026-12-01T17:00:01Z"); // one second past 18:00 in Berlin
            assertThat(f.submissions.history(ann, GraderFixture.LAB, GraderFixture.EX).get(0).privateScore()).isEqualTo(1.0);
            assertThat(f.boards.finalBoard(ann, GraderFixture.LAB, GraderFixture.EX).rows().get(0).score()).isEqualTo(1.0);
            assertThat(Files.list(course.resolve("uploads/comp/cls/" + ann.userId()))).hasSize(1);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void anExtensionKeepsPrivateScoresHiddenFromEveryoneUntilItEnds(Database db) throws Exception {
        try (db) {
            GraderFixture f = new GraderFixture(course, db, "{policy: unranked}", false);
            Viewer ann = Viewer.student(f.student("ann@example.org"));
            Viewer bob = Viewer.student(f.student("bob@example.org"));
            Viewer teacher = Viewer.instructor(f.student("teacher@example.org"));
            f.submit(ann, GraderFixture.predictions(all()));
            f.submissions.grantExtension(teacher, bob.userId(), GraderFixture.LAB, GraderFixture.EX, Instant.parse("2026-12-03T12:00:00Z"));
            assertThatThrownBy(() -> f.submissions.grantExtension(ann, ann.userId(), GraderFixture.LAB, GraderFixture.EX, Instant.now()))
                    .isInstanceOf(SecurityException.class);

            f.at("2026-12-02T10:00:00Z"); // past the deadline, before bob's extension ends
            assertThat(f.submissions.history(ann, GraderFixture.LAB, GraderFixture.EX).get(0).privateScore()).isNull();
            assertThatThrownBy(() -> f.boards.finalBoard(ann, GraderFixture.LAB, GraderFixture.EX))
                    .hasMessageContaining("2026-12-03T12:00:00Z");
            SubmissionView bobs = f.submit(bob, GraderFixture.predictions(all()));
            assertThat(bobs.late()).isFalse();
            assertThat(f.submissions.attempts(ann.userId(), GraderFixture.LAB, GraderFixture.EX).late()).isTrue();

            f.at("2026-12-03T12:00:00Z");
            assertThat(f.submissions.history(ann, GraderFixture.LAB, GraderFixture.EX).get(0).privateScore()).isEqualTo(1.0);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void theDailyLimitResetsAtMidnightInTheCourseTimeZoneAndInvalidFilesCostNothing(Database db) throws Exception {
        try (db) {
            GraderFixture f = new GraderFixture(course, db, "{policy: unranked}", false);
            Viewer ann = Viewer.student(f.student("ann@example.org"));
            f.at("2026-11-20T22:30:00Z"); // 23:30 in Berlin
            f.submit(ann, GraderFixture.predictions(Set.of()));
            SubmissionView invalid = f.submit(ann, "id;prediction\nq1;a\n");
            assertThat(invalid.status()).isEqualTo(SubmissionStatus.INVALID);
            assertThat(invalid.message()).contains("line 1: the columns are separated by ';'");
            SubmissionView huge = f.submit(ann, "id,prediction\n" + "q1,a\n".repeat(400_000)); // 2.4 MB, the limit is 1 MB
            assertThat(huge.status()).isEqualTo(SubmissionStatus.INVALID);
            assertThat(huge.message()).contains("above the limit of 1.0 MB");
            f.submit(ann, GraderFixture.predictions(Set.of(1)));
            assertThatThrownBy(() -> f.submit(ann, GraderFixture.predictions(Set.of(2))))
                    .isInstanceOf(SubmissionRefusedException.class)
                    .hasMessageContaining("today's 2 submissions; more from 2026-11-20 23:00 UTC");

            f.at("2026-11-20T23:00:00Z"); // midnight in Berlin, still the 20th in UTC
            Attempts a = f.submissions.attempts(ann.userId(), GraderFixture.LAB, GraderFixture.EX);
            assertThat(a.leftToday()).isEqualTo(2);
            assertThat(a.leftTotal()).isEqualTo(1);
            f.submit(ann, GraderFixture.predictions(Set.of(2)));
            assertThatThrownBy(() -> f.submit(ann, GraderFixture.predictions(Set.of(3))))
                    .hasMessageContaining("you have used all 3 submissions");
            assertThat(f.submissions.history(ann, GraderFixture.LAB, GraderFixture.EX)).extracting(SubmissionView::status)
                    .containsExactly(SubmissionStatus.GRADED, SubmissionStatus.INVALID, SubmissionStatus.INVALID, SubmissionStatus.GRADED, SubmissionStatus.GRADED);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void anExtensionMustEndAfterTheDeadlineInTheFutureAndWithinAYearOfTheClose(Database db) throws Exception {
        try (db) {
            GraderFixture f = new GraderFixture(course, db, "{policy: unranked}", false);
            Viewer ann = Viewer.student(f.student("ann@example.org"));
            Viewer teacher = Viewer.instructor(f.student("teacher@example.org"));
            f.at("2026-12-03T12:00:00Z"); // after the deadline (Dec 1), before the close (Dec 8)
            for (String bad : List.of("2026-11-30T12:00:00Z", "2026-12-01T17:00:00Z", "2026-12-02T12:00:00Z")) {
                assertThatThrownBy(() -> f.submissions.grantExtension(teacher, ann.userId(), GraderFixture.LAB, GraderFixture.EX, Instant.parse(bad)))
                        .as(bad).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageMatching(".*(must be after the lab's deadline, 2026-12-01 17:00 UTC|is already past: it is now 2026-12-03 12:00 UTC).*");
            }
            Instant absurd = java.time.LocalDateTime.parse("+999999999-12-31T23:59").atZone(java.time.ZoneId.of("Europe/Berlin")).toInstant();
            assertThatThrownBy(() -> f.submissions.grantExtension(teacher, ann.userId(), GraderFixture.LAB, GraderFixture.EX, absurd))
                    .hasMessageContaining("at most a year after the lab closes: by 2027-12-08 17:00 UTC");
            assertThat(f.submissions.extensions(teacher, GraderFixture.LAB, GraderFixture.EX)).isEmpty();

            f.submissions.grantExtension(teacher, ann.userId(), GraderFixture.LAB, GraderFixture.EX, Instant.parse("2026-12-10T12:00:00Z"));
            f.submissions.grantExtension(teacher, ann.userId(), GraderFixture.LAB, GraderFixture.EX, Instant.parse("2027-12-08T17:00:00Z"));
            assertThat(f.submissions.extensions(teacher, GraderFixture.LAB, GraderFixture.EX))
                    .containsExactly(new SubmissionService.Extension(ann.userId(), Instant.parse("2027-12-08T17:00:00Z")));
            assertThat(f.submissions.attempts(ann.userId(), GraderFixture.LAB, GraderFixture.EX).deadline()).isEqualTo(Instant.parse("2027-12-08T17:00:00Z"));
            assertThatThrownBy(() -> f.submissions.extensions(ann, GraderFixture.LAB, GraderFixture.EX)).isInstanceOf(SecurityException.class);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void lateSubmissionsAreFlaggedAndTheWindowClosesExceptForExtensions(Database db) throws Exception {
        try (db) {
            GraderFixture f = new GraderFixture(course, db, "{policy: penalty, penalty: 0.5}", false);
            Viewer ann = Viewer.student(f.student("ann@example.org"));
            Viewer bob = Viewer.student(f.student("bob@example.org"));
            Viewer teacher = Viewer.instructor(f.instructor("teacher@example.org"));
            f.at("2026-10-31T22:59:59Z"); // 23:59:59 on Oct 31 in Berlin: not open yet
            assertThatThrownBy(() -> f.submit(ann, GraderFixture.predictions(all()))).hasMessageContaining("opens at 2026-10-31 23:00 UTC");
            f.at("2026-12-05T10:00:00Z");
            SubmissionView late = f.submit(ann, GraderFixture.predictions(all()));
            assertThat(late.late()).isTrue();
            f.submissions.grantExtension(teacher, bob.userId(), GraderFixture.LAB, GraderFixture.EX, Instant.parse("2026-12-10T12:00:00Z"));
            f.at("2026-12-09T10:00:00Z"); // closed for ann, not for bob
            assertThatThrownBy(() -> f.submit(ann, GraderFixture.predictions(all()))).hasMessageContaining("submissions closed at 2026-12-08 17:00 UTC");
            assertThat(f.submit(bob, GraderFixture.predictions(items(true))).late()).isFalse();

            f.at("2026-12-11T00:00:00Z");
            Board board = f.boards.publicBoard(ann, GraderFixture.LAB, GraderFixture.EX);
            // ann: 1.0 halved for lateness; bob: 1.0 on time
            assertThat(board.rows()).extracting(Board.Row::name).containsExactly("name" + bob.userId(), "name" + ann.userId());
            assertThat(board.rows().get(1).score()).isEqualTo(0.5);
            f.renameUser(ann.userId(), "=cmd|' /C calc'!A0");
            GradeExport export = new GradeExport(new GradebookService(f.submissions, f.directory(id -> "x")));
            StringWriter csv = new StringWriter();
            export.write(teacher, GraderFixture.LAB, csv);
            // every student on the roster by name, a row each; ann's 1.0 earns half the points for lateness
            assertThat(csv.toString().lines().toList()).containsExactly(
                    "user_id,email,name,cls_score,cls_points,cls_late,cls_attempts,run_score,run_points,run_late,run_attempts,total_points",
                    ann.userId() + ",ann@example.org,'=cmd|' /C calc'!A0,1.0000,5.00,true,1,,0.00,false,0,5.00",
                    bob.userId() + ",bob@example.org,bob@example.org,0.0000,0.00,false,1,,0.00,false,0,0.00");
            assertThatThrownBy(() -> export.write(ann, GraderFixture.LAB, new StringWriter())).isInstanceOf(SecurityException.class);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void boardsRankBestPublicScoresTiesShareARankHideNamesAndShowRankChanges(Database db) throws Exception {
        try (db) {
            GraderFixture f = new GraderFixture(course, db, "{policy: unranked}", true);
            Viewer ann = Viewer.student(f.student("ann@example.org"));
            Viewer bob = Viewer.student(f.student("bob@example.org"));
            Viewer cy = Viewer.student(f.student("cy@example.org"));
            f.submit(ann, GraderFixture.predictions(items(true)));   // public 1, private 0
            f.at("2026-11-20T10:05:00Z");
            f.submit(cy, GraderFixture.predictions(items(true)));    // the same scores, later
            f.submit(bob, GraderFixture.predictions(items(false)));  // public 0, private 1
            f.submit(bob, GraderFixture.predictions(Set.of()));      // worse: the best one counts

            Board pub = f.boards.publicBoard(bob, GraderFixture.LAB, GraderFixture.EX);
            assertThat(pub.isFinal()).isFalse();
            // ann and cy tie: one rank for both, the earlier listed first, and bob third (not second)
            assertThat(pub.rows()).extracting(Board.Row::rank).containsExactly(1, 1, 3);
            assertThat(pub.rows()).extracting(Board.Row::score).containsExactly(1.0, 1.0, 0.0);
            assertThat(pub.rows().get(0).userId()).isNull(); // ann, behind a pseudonym
            assertThat(pub.rows().get(0).name()).isEqualTo(f.pseudonyms.of(GraderFixture.LAB, ann.userId())).doesNotContain("ann");
            assertThat(pub.rows().get(2)).satisfies(r -> {
                assertThat(r.you()).isTrue();
                assertThat(r.userId()).isEqualTo(bob.userId());
                assertThat(r.submissions()).isEqualTo(2);
            });
            assertThat(pub.distribution().count()).isEqualTo(3);
            assertThat(pub.distribution().median()).isEqualTo(1.0);

            f.at("2026-12-02T00:00:00Z");
            Board fin = f.boards.finalBoard(ann, GraderFixture.LAB, GraderFixture.EX);
            assertThat(fin.rows()).extracting(Board.Row::score).containsExactly(1.0, 0.0, 0.0);
            assertThat(fin.rows()).extracting(Board.Row::rank).containsExactly(1, 2, 2);
            Board.Row top = fin.rows().get(0);
            assertThat(top.publicRank()).isEqualTo(3); // bob, from third to first
            assertThat(top.rankChange()).isEqualTo(2);
            assertThat(fin.rows().get(1).you()).isTrue();
            assertThat(fin.rows().get(1).rankChange()).isEqualTo(-1);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aCorrectedKeyRegradesEveryStoredFileAndAStudentChoosesTheirFinal(Database db) throws Exception {
        try (db) {
            GraderFixture f = new GraderFixture(course, db, "{policy: unranked}", false);
            Viewer ann = Viewer.student(f.student("ann@example.org"));
            Viewer teacher = Viewer.instructor(f.student("teacher@example.org"));
            SubmissionView first = f.submit(ann, GraderFixture.predictions(all()));     // all "a"
            f.submit(ann, GraderFixture.predictions(Set.of()));                         // all "b"
            assertThat(first.publicScore()).isEqualTo(1.0);
            f.writeKey("b");
            assertThatThrownBy(() -> f.submissions.regradeAll(ann, GraderFixture.LAB, GraderFixture.EX)).isInstanceOf(SecurityException.class);
            assertThat(f.submissions.regradeAll(teacher, GraderFixture.LAB, GraderFixture.EX)).isEqualTo(2);
            assertThat(f.submissions.history(teacher, ann.userId(), GraderFixture.LAB, GraderFixture.EX))
                    .extracting(SubmissionView::publicScore).containsExactly(0.0, 1.0);
            f.writeKey("a");
            assertThat(f.submissions.regrade(teacher, first.id()).publicScore()).isEqualTo(1.0);

            f.submissions.chooseFinal(ann, first.id());
            assertThat(f.submissions.history(ann, GraderFixture.LAB, GraderFixture.EX)).extracting(SubmissionView::chosenFinal)
                    .containsExactly(true, false);
            assertThatThrownBy(() -> f.submissions.chooseFinal(Viewer.student(teacher.userId()), first.id())).isInstanceOf(SecurityException.class);
            f.at("2026-12-02T00:00:00Z");
            assertThatThrownBy(() -> f.submissions.chooseFinal(ann, first.id())).hasMessageContaining("the deadline has passed");
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void twoExercisesOnOneKeyFileKeepTheirOwnPublicSplitAcrossARestartAndARegrade(Database db) throws Exception {
        try (db) {
            GraderFixture f = new GraderFixture(course, db, "{policy: unranked}", false);
            // cls and run share cls.jsonl; for this test to mean anything their splits must differ
            assertThat(items("run", true)).isNotEqualTo(items(GraderFixture.EX, true));
            Viewer ann = Viewer.student(f.student("ann@example.org"));
            Viewer teacher = Viewer.instructor(f.student("teacher@example.org"));
            long upload = f.submit(ann, GraderFixture.predictions(items(true))).id(); // right on cls's public items only
            assertThat(scores(f.submissions, teacher, upload)).containsExactly(1.0, 0.0);

            // a restarted server whose first grading is the job exercise's
            SubmissionService restarted = f.newService();
            restarted.submitJob(ann, GraderFixture.LAB, "run", 41);
            restarted.gradeJob(41, f.jobPredictions(items("run", true)));
            long job = restarted.history(ann, GraderFixture.LAB, "run").get(0).id();
            assertThat(scores(restarted, teacher, job)).containsExactly(1.0, 0.0);
            assertThat(restarted.regrade(teacher, upload).publicScore()).isEqualTo(1.0);
            assertThat(scores(restarted, teacher, upload)).containsExactly(1.0, 0.0);
            assertThat(restarted.regradeAll(teacher, GraderFixture.LAB, "run")).isEqualTo(1);
            assertThat(scores(restarted, teacher, job)).containsExactly(1.0, 0.0);
        }
    }

    /** Public and private score of a submission as an instructor sees them. */
    private static List<Double> scores(SubmissionService service, Viewer instructor, long submissionId) {
        SubmissionView s = service.file(instructor, submissionId).orElseThrow().submission();
        return List.of(s.publicScore(), s.privateScore());
    }

    @ParameterizedTest
    @MethodSource("databases")
    void anUnreadableFileIsNotKeptEchoesLittleOfItsLinesAndTooManyInAnHourAreRefused(Database db) throws Exception {
        try (db) {
            GraderFixture f = new GraderFixture(course, db, "{policy: unranked}", false);
            Viewer ann = Viewer.student(f.student("ann@example.org"));
            Viewer bob = Viewer.student(f.student("bob@example.org"));
            String longId = "x".repeat(400_000); // lines of 400 KB, under the 1 MB limit
            SubmissionView bad = f.submit(ann, "id,prediction\n" + longId + ",a\n" + "q1," + longId + "\n");
            assertThat(bad.status()).isEqualTo(SubmissionStatus.INVALID);
            assertThat(bad.message()).contains("line 2: unknown id 'xxxxxxxx").contains("(400000 characters)");
            assertThat(bad.message().length()).as("what the page shows of it").isLessThan(2_000);
            assertThat(f.keptFiles(ann)).as("no unreadable file is kept").isEmpty();
            assertThat(f.submissions.file(ann, bad.id())).isEmpty();
            f.submit(ann, "id;prediction\nq1;a\n");
            f.at("2026-11-20T10:30:00Z");
            f.submit(ann, "");
            assertThat(f.keptFiles(ann)).isEmpty();

            assertThatThrownBy(() -> f.submit(ann, GraderFixture.predictions(all())))
                    .isInstanceOf(SubmissionRefusedException.class)
                    .hasMessageContaining("3 files that could not be read in the last hour")
                    .hasMessageContaining("from 2026-11-20 11:00 UTC");
            assertThat(f.submit(bob, GraderFixture.predictions(all())).status()).as("another student").isEqualTo(SubmissionStatus.GRADED);
            f.at("2026-11-20T11:00:00Z"); // the first one is an hour old
            SubmissionView good = f.submit(ann, GraderFixture.predictions(all()));
            assertThat(good.status()).isEqualTo(SubmissionStatus.GRADED);
            assertThat(f.keptFiles(ann)).hasSize(1);
            assertThat(f.submissions.file(ann, good.id())).isPresent();
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void uploadsLeftPendingByAKilledServerAreGradedOrFailedOnStartAndCountOnlyOnceGraded(Database db) throws Exception {
        try (db) {
            GraderFixture f = new GraderFixture(course, db, "{policy: unranked}", false);
            Viewer ann = Viewer.student(f.student("ann@example.org"));
            // what a server killed during two uploads leaves: one whole file that was not graded yet, one that never arrived
            long whole = pendingUpload(f, ann, GraderFixture.predictions(all()));
            long lost = pendingUpload(f, ann, null);
            assertThat(f.submissions.attempts(ann.userId(), GraderFixture.LAB, GraderFixture.EX).leftToday())
                    .as("pending uploads hold their attempts").isZero();

            SubmissionService restarted = f.newService();
            assertThat(restarted.finishInterruptedUploads()).isEqualTo(2);
            List<SubmissionView> h = restarted.history(ann, GraderFixture.LAB, GraderFixture.EX);
            assertThat(h).extracting(SubmissionView::id).containsExactly(whole, lost);
            assertThat(h.get(0).status()).isEqualTo(SubmissionStatus.GRADED);
            assertThat(h.get(0).publicScore()).isEqualTo(1.0);
            assertThat(h.get(1).status()).isEqualTo(SubmissionStatus.NOT_GRADABLE);
            assertThat(h.get(1).message()).contains("upload it again").contains("costs no submission");
            assertThat(restarted.attempts(ann.userId(), GraderFixture.LAB, GraderFixture.EX).leftToday()).isEqualTo(1);
            assertThat(restarted.finishInterruptedUploads()).as("nothing left pending").isZero();
        }
    }

    /** A pending upload as a server killed while grading it leaves it: its file in place, or (null) never arrived. */
    private long pendingUpload(GraderFixture f, Viewer who, String content) throws Exception {
        SubmissionStore store = f.submissions.store();
        long id = f.db.jdbi().withHandle(h -> h.createUpdate("INSERT INTO submissions (user_id, lab_id, exercise_id, kind, status, "
                        + "submitted_at) VALUES (:u, :l, :e, 'predictions', 'PENDING', :at)")
                .bind("u", who.userId()).bind("l", GraderFixture.LAB).bind("e", GraderFixture.EX)
                .bind("at", f.clock.instant().atOffset(java.time.ZoneOffset.UTC))
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        if (content != null) {
            Path file = Files.createDirectories(course.resolve("uploads/comp/cls/" + who.userId())).resolve(id + ".csv");
            Files.writeString(file, content);
            store.setFile(id, course.resolve("uploads").relativize(file).toString());
        }
        return id;
    }

    @ParameterizedTest
    @MethodSource("databases")
    void twoUploadsRacingForTheLastAttemptGradeOnlyOne(Database db) throws Exception {
        try (db) {
            GraderFixture f = new GraderFixture(course, db, "{policy: unranked}", false);
            Viewer ann = Viewer.student(f.student("ann@example.org"));
            f.submit(ann, GraderFixture.predictions(all())); // 1 of 2 today
            // two uploads pending while one attempt was left (as when the limit was lowered after they were taken)
            SubmissionService other = f.newService();
            for (int i = 0; i < 2; i++) pendingUpload(f, ann, GraderFixture.predictions(all()));
            var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            var a = pool.submit(() -> f.submissions.finishInterruptedUploads());
            var b = pool.submit(() -> other.finishInterruptedUploads());
            a.get();
            b.get();
            pool.shutdown();
            List<SubmissionView> h = f.submissions.history(ann, GraderFixture.LAB, GraderFixture.EX);
            assertThat(h).extracting(SubmissionView::status).containsExactlyInAnyOrder(SubmissionStatus.GRADED, SubmissionStatus.GRADED, SubmissionStatus.NOT_GRADABLE);
            assertThat(h).filteredOn(s -> s.status() == SubmissionStatus.NOT_GRADABLE).first().extracting(SubmissionView::message).asString()
                    .contains("you had used that day's 2 submissions").contains("costs nothing");
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aJobThatEndedWhileNoServerGradedItIsGradedOnStartAndAQueuedOneWaits(Database db) throws Exception {
        try (db) {
            GraderFixture f = new GraderFixture(course, db, "{policy: unranked}", false);
            Viewer ann = Viewer.student(f.student("ann@example.org"));
            // a job service with nobody listening: the server died between the job's end and its grading
            JobService jobs = new JobService(db, Settings.of(Map.of("data.dir", course.resolve("data").toString())),
                    new LocalExecutor(Settings.of(Map.of())), JobKinds.load(), f.clock, "gone");
            Job ended = jobs.submit(new JobService.JobRequest(ann.userId(), GraderFixture.LAB, "run", "test-sleep",
                    new ObjectMapper().readTree("{\"seconds\": 1}"), null));
            Job queued = jobs.submit(new JobService.JobRequest(ann.userId(), GraderFixture.LAB, "run", "test-sleep",
                    new ObjectMapper().readTree("{\"seconds\": 1}"), null));
            f.submissions.submitJob(ann, GraderFixture.LAB, "run", ended.id());
            f.submissions.submitJob(ann, GraderFixture.LAB, "run", queued.id());
            jobs.cancel(ended.id());
            assertThat(f.submissions.attempts(ann.userId(), GraderFixture.LAB, "run").leftToday()).isEqualTo(5 - 2);

            assertThat(new JobGrading(f.newService(), jobs).gradeEndedJobs()).isEqualTo(1);
            List<SubmissionView> h = f.submissions.history(ann, GraderFixture.LAB, "run");
            assertThat(h).extracting(SubmissionView::status).containsExactly(SubmissionStatus.NOT_GRADABLE, SubmissionStatus.PENDING);
            assertThat(h.get(0).message()).contains("ended cancelled");
            assertThat(jobs.find(ended.id()).orElseThrow().gradedAt()).isNotNull();
            assertThat(f.submissions.attempts(ann.userId(), GraderFixture.LAB, "run").leftToday()).as("the queued job holds its attempt").isEqualTo(5 - 1);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aJobIsPendingThenGradedAndAFailedJobCostsNoAttempt(Database db) throws Exception {
        try (db) {
            GraderFixture f = new GraderFixture(course, db, "{policy: unranked}", false);
            Viewer ann = Viewer.student(f.student("ann@example.org"));
            SubmissionView pending = f.submissions.submitJob(ann, GraderFixture.LAB, "run", 41);
            assertThat(pending.status()).isEqualTo(SubmissionStatus.PENDING);
            assertThat(pending.jobId()).isEqualTo(41L);
            f.submissions.submitJob(ann, GraderFixture.LAB, "run", 42);
            assertThat(f.submissions.attempts(ann.userId(), GraderFixture.LAB, "run").leftToday()).isEqualTo(5 - 2); // the default daily limit
            f.submissions.jobFailed(42, "out of memory");
            assertThat(f.submissions.attempts(ann.userId(), GraderFixture.LAB, "run").leftToday()).isEqualTo(5 - 1);

            Path out = Files.writeString(course.resolve("predictions.jsonl"),
                    String.join("\n", IntStream.range(0, 10).mapToObj(i -> "{\"id\":\"q" + i + "\",\"prediction\":\"a\"}").toList()));
            f.submissions.gradeJob(41, out);
            f.submissions.submitJob(ann, GraderFixture.LAB, "run", 43);
            f.submissions.gradeJob(43, course.resolve("no-such-predictions.jsonl"));
            List<SubmissionView> h = f.submissions.history(ann, GraderFixture.LAB, "run");
            assertThat(h).extracting(SubmissionView::status).containsExactly(SubmissionStatus.GRADED, SubmissionStatus.NOT_GRADABLE, SubmissionStatus.NOT_GRADABLE);
            assertThat(h.get(2).message()).startsWith("the job's predictions could not be read");
            assertThat(h.get(0).publicScore()).isEqualTo(1.0);
            assertThat(h.get(1).message()).isEqualTo("out of memory");
            assertThatThrownBy(() -> f.submissions.submitJob(ann, GraderFixture.LAB, GraderFixture.EX, 7))
                    .hasMessageContaining("takes a predictions file");
        }
    }
}
