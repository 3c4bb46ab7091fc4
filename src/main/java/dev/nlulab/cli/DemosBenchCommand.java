package dev.nlulab.cli;

import dev.nlulab.demos.DemoBench;
import dev.nlulab.ml.course.CourseModel;
import dev.nlulab.prompting.ModelService;
import dev.nlulab.prompting.SharedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code nlulab bench demos}: the server time of each live demo on the course model (docs/benchmarks.md). */
@Command(name = "demos", mixinStandardHelpOptions = true, description = "Server time of each live demo, cache left out.")
public final class DemosBenchCommand implements Callable<Integer> {
    @Option(names = "--model", description = "Model folder (default: ${DEFAULT-VALUE}).")
    Path model = CourseModel.DEFAULT_DIR;

    @Option(names = "--data", description = "The reverse-dictionary lab's data folder (default: ${DEFAULT-VALUE}).")
    Path data = Path.of("labs", "reverse-dictionary", "data");

    @Option(names = "--rounds", description = "Times each demo's inputs are run after the cold call (default: ${DEFAULT-VALUE}).")
    int rounds = 5;

    @Override
    public Integer call() throws Exception {
        try (SharedModel shared = new SharedModel(model, ModelService.Limits.defaults())) {
            System.out.printf("%-22s %6s %10s %11s %9s %15s%n", "demo", "calls", "cold ms", "median ms", "max ms", "median CPU ms");
            for (DemoBench.Row r : DemoBench.run(shared, ReverseDictionaryDemoData.from(data), rounds)) {
                System.out.printf("%-22s %6d %10.1f %11.1f %9.1f %15.1f%n", r.demo(), r.calls(), r.coldMillis(), r.medianMillis(), r.maxMillis(),
                        r.medianCpuMillis());
            }
        }
        return 0;
    }
}
