package dev.nlulab.labs.metacot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nlulab.encoder.SentenceEncoder;
import dev.nlulab.jobs.JobContext;
import dev.nlulab.jobs.JobFiles;
import dev.nlulab.prompting.Llm;
import dev.nlulab.prompting.methods.Answer;
import dev.nlulab.prompting.methods.Embedder;
import dev.nlulab.tasks.AnswerExtractor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code prompting}: one prompting method (Zero-Shot, Zero-Shot-CoT, Few-Shot-CoT, Auto-CoT, Meta-CoT) run over
 * the Meta-CoT lab's public data with the course model (or an OpenAI-compatible server). It answers some
 * labelled dev questions per data set, for the report, and every hidden test question, whose canonical answers
 * are the predictions the grader scores; a question whose completion gives no answer in its form is
 * predicted {@link MetaCotData#NO_ANSWER} (wrong, never a crash). Spec: {@link PromptingSpec}.
 */
public final class PromptingJobKind extends MetaCotJobKind<PromptingSpec> {
    public PromptingJobKind() {
        super(PromptingSpec.KIND, PromptingSpec::read);
    }

    /**
     * Measured: the lab's default job (400 pool, 60 dev and 360 test questions, batches of 16 prompts with
     * demonstrations) peaked at 9.3 GiB resident with -Xmx2048m, nearly all of it libtorch's memory during the
     * prefill of a batch of long prompts (glibc's MALLOC_ARENA_MAX did not change it); a tiny job stays near
     * 2.3 GB. Under the old 2 GiB estimate the executor's cap (estimate + overhead) would kill the default job.
     */
    @Override
    public long estimatePeakMemoryBytes(JsonNode spec, Path dataDir) {
        return 10L << 30;
    }

    @Override
    public void run(JobContext ctx) throws Exception {
        PromptingSpec spec = spec(ctx);
        PromptingRun.Inputs in = inputs(ctx.dataDir(), spec.devPerFamily());
        long start = System.nanoTime();
        try (LabBackend backend = LabBackend.open(spec.backend(), ctx.modelDir(), spec.temperature(), spec.seed());
             LazyEncoder encoder = new LazyEncoder()) {
            Llm llm = backend.llm();
            ctx.log(String.format("%s on %s (%s identification); %d pool questions, %d dev and %d test questions",
                    spec.method(), llm.model(), spec.identification(), in.pool().size(), in.dev().size(), in.test().size()));
            PromptingRun.Result r = new PromptingRun(spec, llm, encoder).run(in, fraction -> progress(ctx, fraction, start));
            for (PromptingRun.DemoGroup g : r.demos()) {
                ctx.log(String.format("demonstrations for %s: %d of k = %d%s", g.group(), g.demos().size(), g.k(),
                        g.droppedForBudget() > 0 ? " (" + g.droppedForBudget() + " over the token budget)" : ""));
            }
            for (Answer a : r.test()) ctx.prediction(a.question().id(), a.answer().isEmpty() ? MetaCotData.NO_ANSWER : AnswerExtractor.canonical(a.answer()));
            double seconds = (System.nanoTime() - start) / 1e9;
            ObjectNode report = PromptingReport.report(spec, ctx.spec(), llm.model(), in, r, seconds);
            JobFiles.writeJsonAtomically(ctx.artefact(PromptingReport.REPORT), report);
            PromptingReport.writeQuestions(ctx.artefact(PromptingReport.QUESTIONS), in, r);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dev_accuracy", report.path("accuracy").path("overall").asDouble());
            m.put("llm_calls", report.path("usage").path("calls").asLong());
            ctx.metric(1, m);
            ctx.log(String.format("dev accuracy %.3f over %d questions; %d LLM calls, %d prompt and %d new tokens; %.0f s",
                    report.path("accuracy").path("overall").asDouble(), r.dev().size(), report.path("usage").path("calls").asLong(),
                    report.path("usage").path("prompt_tokens").asLong(), report.path("usage").path("completion_tokens").asLong(), seconds));
        }
    }

    private static void progress(JobContext ctx, double fraction, long startNanos) {
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        Duration eta = fraction > 0.2 ? Duration.ofSeconds(Math.round(elapsed / fraction * (1 - fraction))) : null;
        ctx.progress(Math.min(1, fraction), eta);
    }

    /** The lab's public files, the first {@code devPerFamily} dev questions of each data set. */
    static PromptingRun.Inputs inputs(Path data, int devPerFamily) {
        if (data == null || !Files.isRegularFile(data.resolve(MetaCotData.TEST))) {
            throw new IllegalStateException("the Meta-CoT lab's public data folder (pool.jsonl, demos.jsonl, dev.jsonl, test.jsonl) was not given to this job");
        }
        List<MetaCotData.DevItem> allDev = MetaCotData.read(data.resolve(MetaCotData.DEV), MetaCotData.DevItem.class);
        Map<String, Integer> taken = new LinkedHashMap<>();
        List<MetaCotData.DevItem> dev = allDev.stream().filter(d -> taken.merge(d.dataset(), 1, Integer::sum) <= devPerFamily).toList();
        return new PromptingRun.Inputs(MetaCotData.read(data.resolve(MetaCotData.POOL), MetaCotData.PoolItem.class),
                MetaCotData.read(data.resolve(MetaCotData.DEMOS), MetaCotData.FixedDemo.class), dev,
                MetaCotData.read(data.resolve(MetaCotData.TEST), MetaCotData.TestItem.class));
    }

    /** The sentence encoder, loaded on first use (Zero-Shot with the LLM identifier never needs it). */
    static final class LazyEncoder implements Supplier<Embedder>, AutoCloseable {
        private SentenceEncoder encoder;

        @Override
        public synchronized Embedder get() {
            if (encoder == null) encoder = SentenceEncoder.load(2);
            return encoder::embed;
        }

        @Override
        public synchronized void close() {
            if (encoder != null) encoder.close();
        }
    }
}
