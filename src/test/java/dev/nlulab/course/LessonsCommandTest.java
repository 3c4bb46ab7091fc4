package dev.nlulab.course;

import dev.nlulab.cli.LessonsCommand;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class LessonsCommandTest {
    private record Run(int exit, String out) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new LessonsCommand());
        cli.setOut(new PrintWriter(out));
        return new Run(cli.execute(args), out.toString());
    }

    @Test
    void validateExitsOneAndListsEachProblemWithFileAndLine() {
        Run r = run("validate", "--dir", CourseFixtures.dir("broken").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("representations/04-quiz-problems.md:13: error: question 'q1': answer index 2 is out of range")
                .contains("representations/05-links.md:11: warning: missing image 'img/nowhere.png'")
                .contains("3 lessons in 2 modules;");
    }

    @Test
    void validateExitsZeroOnCleanLessons() {
        Run r = run("validate", "--dir", CourseFixtures.dir("good").toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("3 lessons in 2 modules; 0 errors, 0 warnings");
    }
}
