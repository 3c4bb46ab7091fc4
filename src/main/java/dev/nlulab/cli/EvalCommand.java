package dev.nlulab.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import dev.nlulab.ml.GenerationConfig;
import dev.nlulab.ml.Generation;
import dev.nlulab.ml.Generator;
import dev.nlulab.ml.LlamaModel;
import dev.nlulab.ml.Tokenizer;
import dev.nlulab.ml.course.CourseEval;
import dev.nlulab.ml.course.CourseModel;
import dev.nlulab.ml.course.EvalReport;
import dev.nlulab.ml.course.ModelCard;
import dev.nlulab.ml.quant.QuantizedCheckpoint;
import dev.nlulab.prompting.Completion;
import dev.nlulab.prompting.CompletionRequest;
import dev.nlulab.prompting.ModelService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nlulab model eval}: per-family exact match on the test splits with zero-shot, zero-shot-CoT
 * and few-shot-CoT (greedy), the model's load time and the median latency of a 50-token request
 * through {@link ModelService}; writes eval.json, eval.md and the model card README.md.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate the course model on the test splits; measure load time and latency; write eval.json and the model card.")
public final class EvalCommand implements Callable<Integer> {
    /** A prose opening the model continues for the latency measurement (no stop string, no early end). */
    static final String LATENCY_PROMPT = "It is a truth universally acknowledged, that";

    @Option(names = "--model", description = "model folder (default ${DEFAULT-VALUE})")
    Path model = CourseModel.DEFAULT_DIR;

    @Option(names = "--data", description = "course data folder with tasks/ (default ${DEFAULT-VALUE})")
    Path data = CourseModel.DEFAULT_DATA;

    @Option(names = "--per-family", description = "test items per family (default ${DEFAULT-VALUE})")
    int perFamily = 200;

    @Option(names = "--shots", description = "demonstrations in few-shot-CoT prompts (default ${DEFAULT-VALUE})")
    int shots = 2;

    @Option(names = "--max-tokens", description = "new tokens for chain-of-thought answers (default ${DEFAULT-VALUE})")
    int maxTokens = 160;

    @Option(names = "--batch", description = "prompts generated together (default ${DEFAULT-VALUE})")
    int batch = 16;

    @Option(names = "--threads", description = "PyTorch intra-op threads (default ${DEFAULT-VALUE})")
    int threads = 2;

    @Option(names = "--serve-threads", description = "PyTorch threads while timing the 50-token request, as the server runs (default ${DEFAULT-VALUE})")
    int serveThreads = 1;

    @Option(names = "--latency-requests", description = "50-token requests timed for the median (default ${DEFAULT-VALUE})")
    int latencyRequests = 9;

    @Option(names = "--out", description = "eval.json to write (default <model>/eval.json)")
    Path out;

    @Option(names = "--no-card", negatable = true, description = "also write <model>/README.md, the model card (default true)")
    boolean card = true;

    @Override
    public Integer call() throws Exception {
        // The engine starts as the server runs it (serveThreads) for the latency; the batched eval then uses all threads.
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(serveThreads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        CourseModel.require(model);
        Path json = out != null ? out : model.resolve("eval.json");
        try (NDManager root = NDManager.newBaseManager()) {
            warmUpEngine(root);
            long start = System.nanoTime();
            try (LlamaModel llama = QuantizedCheckpoint.loadAny(model, root); // float, or INT-N (quantized, merged)
                 Tokenizer tokenizer = Tokenizer.forModel(model, llama.config())) {
                double loadSeconds = (System.nanoTime() - start) / 1e9;
                ModelService service = new ModelService(llama, tokenizer, ModelService.Limits.defaults());
                double latency = medianLatencyMillis(service);
                JniUtils.setNumThreads(threads);
                System.out.printf("load %.2f s; 50-token request %.0f ms (median of %d, %d thread(s))%n", loadSeconds, latency,
                        latencyRequests, serveThreads);
                Generator generator = new Generator(llama, tokenizer);
                CourseEval.Completer completer = (prompts, max) -> generator
                        .generate(prompts, GenerationConfig.greedy(max).withStops(CourseEval.STOPS)).stream()
                        .map(Generation::text).toList();
                long evalStart = System.nanoTime();
                EvalReport report = CourseEval.run(data.resolve("tasks"), completer,
                                new CourseEval.Options(perFamily, shots, maxTokens, Math.min(12, maxTokens), batch, 1))
                        .withMeasurements(Map.of(EvalReport.LOAD_SECONDS, loadSeconds, EvalReport.LATENCY_MS, latency));
                System.out.printf("evaluated in %.1f min%n%n", (System.nanoTime() - evalStart) / 60e9);
                String table = report.markdown();
                System.out.print(table);
                report.writeJson(json);
                Files.writeString(json.resolveSibling(json.getFileName().toString().replaceAll("\\.json$", "") + ".md"), table);
                System.out.println("\nwrote " + json);
                if (card) System.out.println("wrote " + ModelCard.write(model, report));
            }
        }
        return 0;
    }

    /** The engine's first start (native library extraction) is not the model's load time. */
    private static void warmUpEngine(NDManager root) {
        root.create(new float[] {1f}).add(root.create(new float[] {1f})).close();
    }

    private double medianLatencyMillis(ModelService service) {
        service.complete(CompletionRequest.greedy(LATENCY_PROMPT, 50)); // first call warms up the kernels
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < latencyRequests; i++) {
            Completion c = service.complete(CompletionRequest.greedy(LATENCY_PROMPT, 50));
            millis.add(c.millis() * 50 / Math.max(1, c.completionTokens())); // scaled to 50 tokens if it stopped early
        }
        Collections.sort(millis);
        return millis.get(millis.size() / 2);
    }
}
