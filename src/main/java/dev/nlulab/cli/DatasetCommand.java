package dev.nlulab.cli;

import dev.nlulab.tasks.TaskExport;
import dev.nlulab.tasks.TaskSplits;
import dev.nlulab.tasks.TaskSuite;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code nlulab tasks export}: writes every task family's train/dev/test splits for one seed. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write the synthetic task suite: <out>/<family>/{train,dev,test}.jsonl, suite.json, pretraining.jsonl.")
public final class DatasetCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "output directory")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "generator seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--per-family-train", defaultValue = "2000", description = "train items per family (default ${DEFAULT-VALUE})")
    int train;

    @Option(names = "--per-family-dev", defaultValue = "100", description = "dev items per family (default ${DEFAULT-VALUE})")
    int dev;

    @Option(names = "--per-family-test", defaultValue = "200", description = "test items per family (default ${DEFAULT-VALUE})")
    int test;

    @Override
    public Integer call() {
        List<TaskSplits> written = TaskExport.write(out, seed, new TaskExport.Sizes(train, dev, test));
        for (TaskSplits s : written) {
            System.out.printf("%-12s %-32s train %5d  dev %4d  test %4d%n", s.family(),
                    TaskSuite.family(s.family()).scenario().label(), s.train().size(), s.dev().size(), s.test().size());
        }
        System.out.println("wrote " + out.toAbsolutePath());
        return 0;
    }
}
