package dev.nlulab.cli;

import dev.nlulab.config.Settings;
import dev.nlulab.grader.BaselineCheck;
import dev.nlulab.labs.LabLoader;
import dev.nlulab.labs.LabValidator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code nlulab lab validate [id]}: every problem of the course's labs with file and line; exit 1 if any. */
@Command(name = "lab", description = "Check and build labs.",
        subcommands = {LabCommand.Validate.class, BuildReverseDictionaryCommand.class, ReverseDictionaryBaselineCommand.class,
                BuildQaLoraCommand.class, BuildMetaCotCommand.class})
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
}
