package dev.nlulab.cli;

import dev.nlulab.config.Settings;
import dev.nlulab.content.Problem;
import dev.nlulab.course.Course;
import dev.nlulab.course.LessonValidator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code nlulab lessons validate [--dir lessons]}: every problem in the lessons, by file and line. */
@Command(name = "lessons", description = "Work with the course's lessons.",
        subcommands = {LessonsCommand.Validate.class}, mixinStandardHelpOptions = true)
public final class LessonsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check front matter, quizzes, demos, links and images; exit 1 when anything is wrong.")
    public static final class Validate implements Callable<Integer> {
        @Option(names = "--dir", description = "The lessons folder (default: <course.dir>/lessons).")
        Path dir;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Path lessons = dir != null ? dir : Settings.load().lessonsDir();
            PrintWriter out = spec.commandLine().getOut();
            Course course = LessonValidator.load(lessons.toAbsolutePath().normalize());
            List<Problem> problems = course.problems();
            Path here = Path.of("").toAbsolutePath();
            for (Problem p : problems) {
                Path shown = p.file().startsWith(here) ? here.relativize(p.file()) : p.file();
                out.println(p.in(shown));
            }
            long errors = problems.stream().filter(Problem::isError).count();
            out.printf("%d lessons in %d modules; %d errors, %d warnings%n", course.lessons().size(),
                    course.modules().size(), errors, problems.size() - errors);
            out.flush();
            return problems.isEmpty() ? 0 : 1;
        }
    }
}
