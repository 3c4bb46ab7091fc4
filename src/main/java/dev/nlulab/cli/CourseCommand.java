package dev.nlulab.cli;

import dev.nlulab.authoring.CourseSync;
import dev.nlulab.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;

/** {@code nlulab course publish}: pull the course repository, validate it whole, and publish only a valid state. */
@Command(name = "course", description = "Work with the course as a whole.", subcommands = CourseCommand.Publish.class,
        mixinStandardHelpOptions = true)
public final class CourseCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = "Pull lessons/, labs/ and grader/ from course.repo.url, validate them, and publish them if nothing has an error (exit 1 otherwise).")
    public static final class Publish implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            CourseSync.Outcome o = Platform.courseSync(Settings.load(), Clock.systemUTC()).pullAndPublish();
            o.changes().forEach(c -> out.println(c.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + c.path()));
            o.problems().forEach(out::println);
            out.println(o.message());
            out.flush();
            boolean upToDate = !o.published() && o.commit() != null && o.problems().stream().noneMatch(p -> p.isError());
            return o.published() || upToDate ? 0 : 1;
        }
    }
}
