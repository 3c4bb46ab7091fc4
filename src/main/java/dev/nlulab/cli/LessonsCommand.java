package dev.nlulab.cli;

import dev.nlulab.authoring.LessonScaffold;
import dev.nlulab.config.Settings;
import dev.nlulab.course.CourseModule;
import dev.nlulab.content.Problem;
import dev.nlulab.course.Course;
import dev.nlulab.course.LessonValidator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code nlulab lessons validate [--dir lessons]}: every problem in the lessons, by file and line.
 * {@code nlulab lesson new <module>/<slug>}: a new lesson that validates at once.
 */
@Command(name = "lessons", aliases = "lesson", description = "Work with the course's lessons.",
        subcommands = {LessonsCommand.Validate.class, LessonsCommand.New.class}, mixinStandardHelpOptions = true)
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

    @Command(name = "new", mixinStandardHelpOptions = true,
            description = "Write lessons/<module>/<nn>-<slug>.md, numbered after the module's last lesson; never overwrites.")
    public static final class New implements Callable<Integer> {
        @picocli.CommandLine.Parameters(description = "<module>/<slug>, e.g. retrieval/bm25")
        String lesson;

        @Option(names = "--dir", description = "The lessons folder (default: <course.dir>/lessons).")
        Path dir;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws java.io.IOException {
            Path lessons = (dir != null ? dir : Settings.load().lessonsDir()).toAbsolutePath().normalize();
            List<String> modules = LessonValidator.load(lessons).modules().stream().map(CourseModule::id).toList();
            try {
                Path file = LessonScaffold.write(lessons, modules, lesson);
                spec.commandLine().getOut().println("wrote " + file);
                spec.commandLine().getOut().flush();
                return 0;
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println(e.getMessage());
                spec.commandLine().getErr().flush();
                return 1;
            }
        }
    }
}
