package dev.nlulab.cli;

import dev.nlulab.config.Settings;
import dev.nlulab.labs.metacot.MetaCotLabBuilder;
import picocli.CommandLine.Command;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code nlulab lab build-metacot}: writes the Meta-CoT lab's public data and hidden keys from the task suite. */
@Command(name = "build-metacot", description = "Build labs/metacot/data and its hidden keys from the task suite (the course data's seed and splits).")
public final class BuildMetaCotCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        Settings settings = Settings.load();
        MetaCotLabBuilder.Build b = MetaCotLabBuilder.build(MetaCotLabBuilder.Sizes.LAB);
        Path labDir = settings.labsDir().resolve(MetaCotLabBuilder.LAB_ID);
        Path graderDir = settings.graderDir().resolve(MetaCotLabBuilder.LAB_ID);
        MetaCotLabBuilder.write(b, labDir, graderDir);
        System.out.printf("pool %d, fixed demonstrations %d, dev %d, test %d questions; sorting dev %d, test %d problems%n",
                b.pool().size(), b.demos().size(), b.dev().size(), b.test().size(), b.sortingDev().size(), b.sortingTest().size());
        System.out.println("public data in " + labDir.resolve("data") + ", keys in " + graderDir);
        return 0;
    }
}
