package dev.nlulab.cli;

import dev.nlulab.config.Settings;
import dev.nlulab.labs.qalora.LabData;
import picocli.CommandLine.Command;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code nlulab lab build-qalora}: writes the QA-LoRA lab's public data and hidden key from the task suite (seeded). */
@Command(name = "build-qalora", description = "Build labs/qalora/data and its hidden key from the task suite's fine-tuning families.")
public final class BuildQaLoraCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        Settings settings = Settings.load();
        LabData.Build b = LabData.build();
        Path labDir = settings.labsDir().resolve(LabData.LAB_ID);
        Path graderDir = settings.graderDir().resolve(LabData.LAB_ID);
        LabData.write(b, labDir, graderDir);
        System.out.printf("families %s; train %d, dev %d, test %d items%n", LabData.FAMILIES, b.train().size(), b.dev().size(), b.test().size());
        System.out.println("public data in " + labDir.resolve("data") + ", key in " + graderDir);
        return 0;
    }
}
