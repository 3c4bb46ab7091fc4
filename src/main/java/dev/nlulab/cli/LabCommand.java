package dev.nlulab.cli;

import dev.nlulab.authoring.LabDryRun;
import dev.nlulab.authoring.LabScaffold;
import dev.nlulab.config.Settings;
import dev.nlulab.grader.BaselineCheck;
import dev.nlulab.course.CourseModule;
import dev.nlulab.course.LessonValidator;
import dev.nlulab.grader.Score;
import dev.nlulab.jobs.JobKinds;
import dev.nlulab.labs.LabLoader;
import dev.nlulab.labs.LabValidator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code nlulab lab validate [id]}: every problem of the course's labs with file and line; exit 1 if any.
 * {@code lab new} writes a lab that validates at once; {@code lab check} grades a file as the server would.
 */
@Command(name = "lab", description = "Check and build labs.",
        subcommands = {LabCommand.Validate.class, LabCommand.New.class, LabCommand.Check.class, BuildReverseDictionaryCommand.class,
                ReverseDictionaryBaselineCommand.class, BuildQaLoraCommand.class, BuildMetaCotCommand.class})
public final class LabCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "validate", description = "Report every problem in labs/ and grader/ (exit 1 when there is one).")
    public static final class Validate implements Callable<Integer> {
        @Parameters(arity = "0..1", description = "a lab id (default: all labs)")
        String labId;

        @Override
        public Integer call() {
            Settings settings = Settings.load();
            LabValidator validator = new LabValidator(settings.labsDir(), settings.graderDir(), List.of(new BaselineCheck()));
            List<String> ids = labId == null ? validator.labIds() : List.of(labId);
            if (ids.isEmpty()) System.out.println("no labs in " + settings.labsDir());
            int bad = 0;
            for (String id : ids) {
                LabLoader.Result r = validator.validate(id);
                if (r.ok()) {
                    System.out.println(id + ": ok (" + r.lab().exercises().size() + " exercises)");
                } else {
                    bad++;
                    System.out.println(id + ": " + r.problems().size() + " problem(s)");
                    r.problems().forEach(p -> System.out.println("  " + p));
                }
            }
            return bad == 0 ? 0 : 1;
        }
    }

    /** The course folder a command works on: {@code --course}, else the settings' {@code course.dir}. */
    static final class CourseFolder {
        @Option(names = "--course", description = "the course folder (default: the course.dir setting)")
        Path course;

        Path dir() {
            return course != null ? course.toAbsolutePath().normalize() : Settings.load().courseDir();
        }
    }

    @Command(name = "new", mixinStandardHelpOptions = true,
            description = "Write a new lab (labs/<id>/ and grader/<id>/) that validates at once; never overwrites.")
    public static final class New implements Callable<Integer> {
        @Parameters(description = "the lab id: lower-case letters, digits and dashes")
        String labId;

        @Option(names = "--kind", required = true, description = "predictions (students upload a file) or job (students configure a run)")
        String kind;

        @Option(names = "--module", description = "the course module (default: the first in lessons/course.yaml)")
        String module;

        @Option(names = "--job-kind", description = "for --kind job: the job kind to run (default: the first the platform has)")
        String jobKind;

        @Mixin
        CourseFolder course;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Path dir = course.dir();
            LabScaffold.Kind k;
            try {
                k = LabScaffold.Kind.valueOf(kind.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                err.println("--kind must be predictions or job, was '" + kind + "'");
                return 2;
            }
            String mod = module != null ? module : LessonValidator.load(dir.resolve("lessons")).modules().stream()
                    .map(CourseModule::id).findFirst().orElse("representations");
            String job = jobKind != null ? jobKind : JobKinds.load().all().keySet().stream().sorted().findFirst().orElse(null);
            try {
                List<Path> files = LabScaffold.write(dir.resolve("labs"), dir.resolve("grader"), labId, k, mod, job,
                        Settings.load().courseZone(), LocalDate.now(Settings.load().courseZone()));
                files.forEach(f -> out.println("wrote " + dir.relativize(f)));
                out.println("next: edit them, then bin/nlulab lab validate " + labId);
                return 0;
            } catch (IllegalArgumentException e) {
                err.println(e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Grade a predictions file against the key, as the server would: public, private and overall scores.")
    public static final class Check implements Callable<Integer> {
        @Parameters(description = "the lab id")
        String labId;

        @Option(names = "--predictions", required = true, description = "a predictions file (CSV or JSONL)")
        Path predictions;

        @Option(names = "--exercise", description = "the exercise id (needed when the lab has several)")
        String exercise;

        @Mixin
        CourseFolder course;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            Path dir = course.dir();
            LabDryRun.Result r;
            try {
                r = LabDryRun.run(dir.resolve("labs"), dir.resolve("grader"), labId, exercise, predictions);
            } catch (LabDryRun.Refused e) {
                e.reasons().forEach(out::println);
                return 1;
            }
            out.printf("%s/%s: %d items, %d public, %d private%n", r.lab().id(), r.exercise().id(), r.items(),
                    r.publicItems(), r.items() - r.publicItems());
            if (!r.valid()) {
                out.println(predictions + " would be refused (no attempt counted):");
                r.outcome().message().lines().forEach(l -> out.println("  " + l));
                return 1;
            }
            out.printf("%-14s %8s %8s %8s%n", "metric", "public", "private", "overall");
            print(out, r.exercise().metric(), r.outcome().score());
            r.outcome().reported().forEach((name, score) -> print(out, name, score));
            out.flush();
            return 0;
        }

        private static void print(PrintWriter out, String metric, Score s) {
            out.printf(Locale.ROOT, "%-14s %8.4f %8.4f %8.4f%n", metric, s.publicScore(), s.privateScore(), s.overall());
        }
    }
}
