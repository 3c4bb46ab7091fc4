package dev.nlulab.labs.metacot;

import dev.nlulab.prompting.Llm;
import dev.nlulab.prompting.LlmCall;
import dev.nlulab.prompting.methods.Answer;
import dev.nlulab.prompting.methods.AutoCot;
import dev.nlulab.prompting.methods.CentroidIdentifier;
import dev.nlulab.prompting.methods.Demo;
import dev.nlulab.prompting.methods.DemoBudget;
import dev.nlulab.prompting.methods.DemoSelection;
import dev.nlulab.prompting.methods.Embedder;
import dev.nlulab.prompting.methods.FewShotCot;
import dev.nlulab.prompting.methods.LlmIdentifier;
import dev.nlulab.prompting.methods.MetaCot;
import dev.nlulab.prompting.methods.PoolReasoning;
import dev.nlulab.prompting.methods.PromptingMethod;
import dev.nlulab.prompting.methods.Question;
import dev.nlulab.prompting.methods.ScenarioIdentifier;
import dev.nlulab.prompting.methods.ScenarioLabels;
import dev.nlulab.prompting.methods.ZeroShot;
import dev.nlulab.prompting.methods.ZeroShotCot;
import dev.nlulab.tasks.Scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One prompting run over the lab's data: builds the spec's identifier and method (for Auto-CoT and Meta-CoT
 * first the clustered demonstrations, Zero-Shot-CoT asked for the pool questions the clusters reach), then answers the dev questions (for
 * the report) and the test questions (for the grader) in chunks, telling {@code progress} after each.
 */
public final class PromptingRun {
    /** Questions answered together: several batches of the model, a progress step each. */
    static final int CHUNK = 64;

    /** The lab's files a run reads. */
    public record Inputs(List<MetaCotData.PoolItem> pool, List<MetaCotData.FixedDemo> demos, List<MetaCotData.DevItem> dev,
                         List<MetaCotData.TestItem> test) {}

    /** The demonstrations one group (a scenario, or a data set for Auto-CoT) ended up with, and how they were chosen. */
    public record DemoGroup(String group, Scenario scenario, int k, List<Demo> demos, List<DemoSelection.ClusterChoice> clusters,
                            int candidates, int droppedForBudget) {}

    /** What the run did: demonstrations, pool calls, answers (dev first, then test), time. */
    public record Result(String method, List<DemoGroup> demos, List<LlmCall> poolCalls, List<LlmIdentifier.Example> identificationExamples,
                         List<Answer> dev, List<Answer> test, double poolSeconds, double answerSeconds) {}

    private final PromptingSpec spec;
    private final Llm llm;
    private final Supplier<Embedder> embedder;

    /** {@code embedder}: asked only when the spec needs embeddings (centroid identification, Auto-CoT, Meta-CoT). */
    public PromptingRun(PromptingSpec spec, Llm llm, Supplier<Embedder> embedder) {
        this.spec = spec;
        this.llm = llm;
        this.embedder = embedder;
    }

    public Result run(Inputs in, java.util.function.DoubleConsumer progress) {
        long t0 = System.nanoTime();
        List<LlmCall> poolCalls = new ArrayList<>();
        List<DemoGroup> groups = new ArrayList<>();
        List<LlmIdentifier.Example> idExamples = spec.identification().equals("llm") ? identificationExamples(in.pool()) : List.of();
        ScenarioIdentifier identifier = spec.identification().equals("llm")
                ? new LlmIdentifier(llm, idExamples, spec.identifyStyle(), spec.seed())
                : CentroidIdentifier.fit(embedder.get(), in.pool().stream()
                        .map(p -> new CentroidIdentifier.Labelled(p.question(), p.asPoolQuestion().task())).toList());
        PromptingMethod method = method(identifier, in, poolCalls, groups);
        double poolSeconds = (System.nanoTime() - t0) / 1e9;
        progress.accept(0.2);

        List<Question> questions = new ArrayList<>();
        in.dev().forEach(d -> questions.add(d.asQuestion()));
        in.test().forEach(t -> questions.add(t.asQuestion()));
        long t1 = System.nanoTime();
        List<Answer> answers = new ArrayList<>();
        for (int from = 0; from < questions.size(); from += CHUNK) {
            answers.addAll(method.answer(questions.subList(from, Math.min(questions.size(), from + CHUNK))));
            progress.accept(0.2 + 0.8 * answers.size() / questions.size());
        }
        return new Result(method.name(), groups, poolCalls, idExamples, answers.subList(0, in.dev().size()),
                answers.subList(in.dev().size(), answers.size()), poolSeconds, (System.nanoTime() - t1) / 1e9);
    }

    /** One identification demonstration per scenario, drawn from the pool's questions of that scenario with the run's seed. */
    List<LlmIdentifier.Example> identificationExamples(List<MetaCotData.PoolItem> pool) {
        Random random = new Random(spec.seed());
        List<LlmIdentifier.Example> out = new ArrayList<>();
        for (Scenario s : ScenarioLabels.SIX) {
            List<MetaCotData.PoolItem> of = pool.stream().filter(p -> p.scenario().equals(s.label())).toList();
            if (of.isEmpty()) continue;
            out.add(new LlmIdentifier.Example(of.get(random.nextInt(of.size())).question(), s));
        }
        return out;
    }

    private PromptingMethod method(ScenarioIdentifier identifier, Inputs in, List<LlmCall> poolCalls, List<DemoGroup> groups) {
        return switch (spec.method()) {
            case "zero-shot" -> new ZeroShot(llm, identifier, spec.templates(), spec.zeroShotEnding());
            case "zero-shot-cot" -> new ZeroShotCot(llm, identifier, spec.templates(), spec.maxTokens());
            case "few-shot-cot" -> new FewShotCot(llm, identifier, spec.templates(), fixedDemos(in.demos(), groups), spec.maxTokens(), spec.seed());
            case "auto-cot" -> new AutoCot(llm, identifier, spec.templates(),
                    clustered(in.pool(), MetaCotData.PoolItem::dataset, poolCalls, groups), spec.maxTokens());
            case "meta-cot" -> {
                Map<String, List<Demo>> byLabel = clustered(in.pool(), MetaCotData.PoolItem::scenario, poolCalls, groups);
                Map<Scenario, List<Demo>> byScenario = new LinkedHashMap<>();
                byLabel.forEach((label, demos) -> byScenario.put(Scenario.parse(label), demos));
                yield new MetaCot(llm, identifier, spec.templates(), byScenario, spec.maxTokens());
            }
            default -> throw new IllegalArgumentException("unknown method " + spec.method());
        };
    }

    private Map<Scenario, List<Demo>> fixedDemos(List<MetaCotData.FixedDemo> fixed, List<DemoGroup> groups) {
        Map<Scenario, List<Demo>> out = new LinkedHashMap<>();
        for (Scenario s : ScenarioLabels.SIX) {
            List<Demo> all = fixed.stream().filter(d -> d.scenario().equals(s.label())).map(MetaCotData.FixedDemo::asDemo).toList();
            List<Demo> first = all.subList(0, Math.min(all.size(), spec.k(s)));
            List<Demo> kept = fit(first);
            out.put(s, kept);
            groups.add(new DemoGroup(s.label(), s, spec.k(s), kept, List.of(), all.size(), first.size() - kept.size()));
        }
        return out;
    }

    /**
     * Per group (data set or scenario) k-means and the filters, seeded from the run's seed, with Zero-Shot-CoT
     * asked only for the cluster members the selection reaches (batched per round); demonstrations beyond the
     * token budget are dropped.
     */
    private Map<String, List<Demo>> clustered(List<MetaCotData.PoolItem> pool, Function<MetaCotData.PoolItem, String> groupOf,
                                              List<LlmCall> poolCalls, List<DemoGroup> groups) {
        Map<String, List<PoolReasoning.PoolQuestion>> byGroup = new LinkedHashMap<>();
        Map<String, Scenario> scenarioOf = new LinkedHashMap<>();
        for (MetaCotData.PoolItem p : pool) {
            String g = groupOf.apply(p);
            byGroup.computeIfAbsent(g, x -> new ArrayList<>()).add(p.asPoolQuestion());
            scenarioOf.put(g, Scenario.parse(p.scenario()));
        }
        List<String> names = new ArrayList<>(byGroup.keySet());
        Collections.sort(names);
        List<DemoSelection.Group> plan = names.stream()
                .map(g -> new DemoSelection.Group(byGroup.get(g), scenarioOf.get(g), spec.k(scenarioOf.get(g)))).toList();
        List<DemoSelection.Selected> selected = DemoSelection.selectAll(plan, embedder.get(), spec.filters(), spec.templates().cotTrigger(),
                spec.seed(), asked -> {
                    PoolReasoning.Result r = PoolReasoning.run(llm, spec.templates(), asked, spec.maxTokens(), spec.poolTwoStages());
                    poolCalls.addAll(r.calls());
                    return r.candidates();
                });
        Map<String, List<Demo>> out = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String g = names.get(i);
            Scenario s = scenarioOf.get(g);
            List<Demo> kept = fit(selected.get(i).demos());
            out.put(g, kept);
            groups.add(new DemoGroup(g, s, spec.k(s), kept, selected.get(i).clusters(), byGroup.get(g).size(),
                    selected.get(i).demos().size() - kept.size()));
        }
        return out;
    }

    private List<Demo> fit(List<Demo> demos) {
        return spec.demoTokens() == 0 ? demos : DemoBudget.fit(demos, spec.templates(), llm::tokens, spec.demoTokens());
    }
}
