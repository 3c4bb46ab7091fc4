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

    @Option(names = "--demos", split = ",", description = "Only these demos, e.g. generate,cot (default: all).")
    java.util.Set<String> demos = new java.util.LinkedHashSet<>();

    @Option(names = "--threads", description = "PyTorch threads, as the server's model.threads (default ${DEFAULT-VALUE})")
    int threads = 1;

    @Override
    public Integer call() throws Exception {
        // read when the engine starts, as `serve` sets them from model.threads
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        System.out.println("Machine: " + MlBenchCommand.cpuModel() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores; load average at start: " + MlBenchCommand.loadAverage() + "; PyTorch threads " + threads);
        try (SharedModel shared = new SharedModel(model, ModelService.Limits.defaults())) {
            System.out.printf("%-22s %6s %10s %11s %8s %15s %6s%n", "demo", "calls", "cold ms", "median ms", "p90 ms", "median CPU ms", "load");
            for (DemoBench.Row r : DemoBench.run(shared, ReverseDictionaryDemoData.from(data), rounds, demos)) {
                System.out.printf("%-22s %6d %10.1f %11.1f %8.1f %15.1f %6.2f%n", r.demo(), r.calls(), r.coldMillis(), r.medianMillis(), r.p90Millis(),
                        r.medianCpuMillis(), r.load());
            }
        }
        System.out.println("Load average at end: " + MlBenchCommand.loadAverage());
        return 0;
    }
}
