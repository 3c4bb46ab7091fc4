package dev.nlulab.web;

import dev.nlulab.identity.Role;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The student's view is one instructor's: lesson pages shared by role never carry its banner to students, nor lose it. */
class StudentViewTest {
    private static final String LESSON = "/lessons/fine-tuning/01-when-to-fine-tune";
    private static final String BANNER = "as a student sees it";

    @Test
    void aSharedLessonPageShowsTheBannerOnlyToTheInstructorInTheStudentsView() {
        try (TestServer server = TestServer.start()) {
            server.user("first@uni.edu", Role.ADMIN);
            TestClient student = server.signedIn("student@uni.edu", Role.STUDENT);
            TestClient teacher = server.signedIn("teacher@uni.edu", Role.INSTRUCTOR);

            assertThat(student.get(LESSON).body()).doesNotContain(BANNER); // the page students share is made first
            assertThat(teacher.post("/view-as/student", Map.of("next", LESSON)).statusCode()).isEqualTo(302);
            String asStudent = teacher.get(LESSON).body();
            assertThat(asStudent).contains(BANNER).contains("Back to the instructor view").contains("teacher");
            assertThat(student.get(LESSON).body()).doesNotContain(BANNER).doesNotContain("Back to the instructor view");

            assertThat(teacher.post("/view-as/instructor", Map.of("next", LESSON)).statusCode()).isEqualTo(302);
            assertThat(teacher.get(LESSON).body()).doesNotContain(BANNER).contains("View as student");
            // the way back gives a student nothing: it only ever returns someone to their own role
            assertThat(student.post("/view-as/instructor", Map.of()).statusCode()).isEqualTo(302);
            assertThat(student.get("/instructor/people").statusCode()).isEqualTo(403);
        }
    }
}
