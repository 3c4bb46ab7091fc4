package dev.nlulab.cli;

import dev.nlulab.accounts.RosterImport;
import dev.nlulab.course.Lesson;
import dev.nlulab.course.LessonCatalog;
import dev.nlulab.course.ProgressService;
import dev.nlulab.course.QuizGrader;
import dev.nlulab.course.QuizQuestion;
import dev.nlulab.grader.SampleSubmissions;
import dev.nlulab.identity.Role;
import dev.nlulab.identity.Tokens;
import dev.nlulab.identity.User;
import dev.nlulab.labs.Exercise;
import dev.nlulab.labs.Lab;
import dev.nlulab.labs.LabCatalog;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The class {@code nlulab bench web} loads the pages with, made through the platform's own services: a
 * roster of students (no password hashing), a session each, their answers to the lesson with the most
 * questions (so each page shows a student's quiz state), and graded submissions on the first lab
 * exercise's leaderboard.
 */
record WebBenchClass(List<String> cookies, String lessonPath, String boardPath, int answers, int submissions) {

    static WebBenchClass seed(Platform platform, int students, int perStudent) {
        StringBuilder roster = new StringBuilder("email,name,role\n");
        for (int i = 1; i <= students; i++) roster.append("student").append(i).append("@example.org,Student ").append(i).append(",student\n");
        RosterImport.Report report = new RosterImport(platform.db().jdbi(), Clock.systemUTC()).run(roster.toString().getBytes(StandardCharsets.UTF_8));
        if (report.fileRejected() || report.created() != students)
            throw new IllegalStateException("the bench roster was not imported: " + (report.fileRejected() ? report.fileError() : report.rows()));
        platform.accounts().createUser("teacher@example.org", "Teacher", Tokens.secret(), Role.INSTRUCTOR);

        List<User> users = new ArrayList<>();
        List<String> cookies = new ArrayList<>();
        for (int i = 1; i <= students; i++) {
            User u = platform.accounts().users().byEmail("student" + i + "@example.org").orElseThrow();
            users.add(u);
            cookies.add("nlulab_session=" + platform.accounts().sessions().open(u).token());
        }

        Lesson lesson = LessonCatalog.open(platform.settings().lessonsDir()).course().lessons().stream()
                .max(Comparator.comparingInt(l -> l.questions().size()))
                .orElseThrow(() -> new IllegalStateException("the course has no lessons under " + platform.settings().lessonsDir()));
        ProgressService progress = new ProgressService(platform.db().jdbi());
        QuizGrader grader = new QuizGrader();
        int answers = 0;
        for (User u : users) {
            for (QuizQuestion q : lesson.questions()) {
                try {
                    progress.recordAttempt(u.id(), lesson, grader.grade(q, List.of("0")));   // right for some questions, wrong for others
                    answers++;
                } catch (QuizGrader.BadAnswerException e) {
                    // "0" is no answer to this question: it stays unanswered
                }
            }
        }

        LabCatalog labs = LabCatalog.of(platform.settings());
        Lab lab = labs.labs().stream().filter(l -> !l.exercises().isEmpty()).findFirst()
                .orElseThrow(() -> new IllegalStateException("the course has no lab with an exercise under " + platform.settings().labsDir()));
        Exercise ex = lab.exercises().get(0);
        int graded = SampleSubmissions.write(platform.submissions(), lab, ex, users.stream().map(User::id).toList(), perStudent, 7);
        return new WebBenchClass(List.copyOf(cookies), lesson.url(), "/labs/" + lab.id() + "/" + ex.id() + "/leaderboard", answers, graded);
    }
}
