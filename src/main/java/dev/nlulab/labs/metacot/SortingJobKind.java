package dev.nlulab.labs.metacot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nlulab.jobs.JobContext;
import dev.nlulab.jobs.JobFiles;
import dev.nlulab.prompting.Llm;
import dev.nlulab.prompting.got.Controller;
import dev.nlulab.prompting.got.GraphOfOperations;
import dev.nlulab.prompting.got.sorting.SortingParser;
import dev.nlulab.prompting.got.sorting.SortingPlans;
import dev.nlulab.prompting.got.sorting.SortingPrompter;
import dev.nlulab.prompting.got.sorting.SortingState;
import dev.nlulab.tasks.AnswerExtractor;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code got-sorting}: the Graph of Thoughts sorting example on the Meta-CoT lab's problems (8, 12 and 16
 * digits). The plan (IO, ToT or GoT) runs on the public dev problems and the test problems, all problems of
 * one size in lockstep so that their asks share batches. Predictions are each test problem's final list;
 * the report holds every operation's thoughts with their scores, prompts and responses. Spec: {@link SortingSpec}.
 */
public final class SortingJobKind extends MetaCotJobKind<SortingSpec> {
    public static final String GRAPHS = "graphs.jsonl";

    public SortingJobKind() {
        super(SortingSpec.KIND, SortingSpec::read);
    }

    @Override
    public long estimatePeakMemoryBytes(JsonNode spec, Path dataDir) {
        return 2048L << 20; // the course model in process, as PromptingJobKind measured (libtorch dominates)
    }

    @Override
    public void run(JobContext ctx) throws Exception {
        SortingSpec spec = spec(ctx);
        Path data = ctx.dataDir();
        if (data == null || !Files.isRegularFile(data.resolve(MetaCotData.SORTING_TEST))) {
            throw new IllegalStateException("the Meta-CoT lab's public data folder (sorting-dev.jsonl, sorting-test.jsonl) was not given to this job");
        }
        List<Problem> problems = new ArrayList<>();
        if (spec.dev()) MetaCotData.read(data.resolve(MetaCotData.SORTING_DEV), MetaCotData.SortingItem.class).forEach(i -> problems.add(new Problem("dev", i)));
        MetaCotData.read(data.resolve(MetaCotData.SORTING_TEST), MetaCotData.SortingItem.class).forEach(i -> problems.add(new Problem("test", i)));
        long start = System.nanoTime();
        try (LabBackend backend = LabBackend.open(spec.backend(), ctx.modelDir(), spec.temperature(), spec.seed())) {
            Llm llm = backend.llm();
            ctx.log(String.format("%s sorting on %s: %d problems", spec.plan(), llm.model(), problems.size()));
            Map<Integer, List<Problem>> bySize = new LinkedHashMap<>();
            for (Problem p : problems) bySize.computeIfAbsent(p.size(), n -> new ArrayList<>()).add(p);
            List<Solved> solved = new ArrayList<>();
            int done = 0;
            for (Map.Entry<Integer, List<Problem>> e : bySize.entrySet()) {
                List<Map<String, String>> params = e.getValue().stream().map(p -> SortingState.problem(p.item().digits())).toList();
                List<Controller.Run> runs = Controller.run(llm, plan(spec, e.getKey()), params, new SortingPrompter(), new SortingParser(),
                        new Controller.Sampling(spec.temperature(), spec.maxTokens(), spec.seed()));
                for (int i = 0; i < runs.size(); i++) solved.add(new Solved(e.getValue().get(i), runs.get(i)));
                done += runs.size();
                ctx.progress((double) done / problems.size(), null);
                ctx.log(String.format("%d digits: %d problems", e.getKey(), runs.size()));
            }
            for (Solved s : solved) if (s.problem().split().equals("test")) ctx.prediction(s.problem().item().id(), prediction(SortingReport.finalList(s.run())));
            double seconds = (System.nanoTime() - start) / 1e9;
            ObjectNode report = SortingReport.report(spec, ctx.spec(), llm.model(), solved, llm.usage(), seconds);
            JobFiles.writeJsonAtomically(ctx.artefact(PromptingReport.REPORT), report);
            try (BufferedWriter w = Files.newBufferedWriter(ctx.artefact(GRAPHS), StandardCharsets.UTF_8)) {
                for (Solved s : solved) {
                    w.write(MetaCotData.JSON.writeValueAsString(SortingReport.graph(s)));
                    w.write('\n');
                }
            }
            ctx.log(String.format("solved %d of %d dev problems; mean error %.2f; %d LLM calls; %.0f s",
                    report.path("dev").path("solved").asInt(), report.path("dev").path("problems").asInt(),
                    report.path("dev").path("mean_error").asDouble(), report.path("usage").path("calls").asLong(), seconds));
        }
    }

    /** The key's spelling of a final list ("1 1 3 4" is "1134"); a problem without one is predicted {@link MetaCotData#NO_ANSWER}. */
    static String prediction(String finalList) {
        return finalList.isBlank() ? MetaCotData.NO_ANSWER : AnswerExtractor.canonical(finalList);
    }

    static Supplier<GraphOfOperations> plan(SortingSpec spec, int length) {
        return switch (spec.plan()) {
            case "io" -> SortingPlans::io;
            case "tot" -> () -> SortingPlans.tot(spec.branches(), spec.levels());
            default -> () -> SortingPlans.got(length, spec.tries());
        };
    }

    /** A problem and the split it comes from. */
    record Problem(String split, MetaCotData.SortingItem item) {
        int size() {
            return item.digits().split(" ").length;
        }
    }

    /** A problem and its graph after the run. */
    record Solved(Problem problem, Controller.Run run) {}
}
