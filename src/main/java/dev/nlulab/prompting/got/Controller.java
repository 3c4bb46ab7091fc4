package dev.nlulab.prompting.got;

import dev.nlulab.prompting.Llm;
import dev.nlulab.prompting.LlmCall;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs the same plan on many problems in lockstep: each problem gets its own graph, and each operation runs
 * on all graphs at once, its LLM asks sent as one batch. Every ask is sampled with a seed made of the run's
 * seed, the operation's place in the graph, the thought and the branch, so the same run gives the same
 * thoughts, and the same ask of different problems shares a seed (and so a batch on the in-process model).
 */
public final class Controller {
    /** How the LLM is asked: temperature and new tokens for every ask, and the run's seed. */
    public record Sampling(double temperature, int maxTokens, long seed) {}

    /** One problem's graph after the run. */
    public record Run(Map<String, String> problem, GraphOfOperations graph) {
        public List<Thought> finalThoughts() {
            return graph.finalThoughts();
        }
    }

    private Controller() {
    }

    public static List<Run> run(Llm llm, Supplier<GraphOfOperations> plan, List<Map<String, String>> problems,
                                Prompter prompter, Parser parser, Sampling sampling) {
        List<GraphOfOperations> graphs = new ArrayList<>();
        List<Operation.Problem> ps = new ArrayList<>();
        for (Map<String, String> p : problems) {
            graphs.add(plan.get());
            ps.add(new Operation.Problem(p, prompter, parser));
        }
        if (graphs.isEmpty()) return List.of();
        List<Integer> order = graphs.get(0).executionOrder().stream().map(Operation::index).toList();
        for (int index : order) {
            List<List<Operation.Ask>> asks = new ArrayList<>();
            List<String> prompts = new ArrayList<>();
            List<Long> seeds = new ArrayList<>();
            for (int g = 0; g < graphs.size(); g++) {
                Operation op = graphs.get(g).operations().get(index);
                List<Operation.Ask> a = op.asks(ps.get(g));
                asks.add(a);
                for (Operation.Ask ask : a) {
                    prompts.add(ask.prompt());
                    seeds.add(seed(sampling.seed(), index, ask.thought(), ask.branch()));
                }
            }
            String stage = graphs.get(0).operations().get(index).type();
            List<LlmCall> answers = prompts.isEmpty() ? List.of()
                    : llm.sample(stage, prompts, seeds, sampling.maxTokens(), sampling.temperature());
            int from = 0;
            for (int g = 0; g < graphs.size(); g++) {
                int n = asks.get(g).size();
                graphs.get(g).operations().get(index).execute(ps.get(g), answers.subList(from, from + n));
                from += n;
            }
        }
        List<Run> out = new ArrayList<>();
        for (int g = 0; g < graphs.size(); g++) out.add(new Run(problems.get(g), graphs.get(g)));
        return out;
    }

    /** A seed per (run, operation, thought, branch); the same for every problem. */
    static long seed(long runSeed, int operation, int thought, int branch) {
        long h = runSeed * 0x9E3779B97F4A7C15L;
        h = (h ^ operation) * 0xBF58476D1CE4E5B9L;
        h = (h ^ thought) * 0x94D049BB133111EBL;
        return (h ^ branch) * 0x9E3779B97F4A7C15L;
    }
}
