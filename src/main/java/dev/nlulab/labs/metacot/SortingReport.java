package dev.nlulab.labs.metacot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nlulab.prompting.Llm;
import dev.nlulab.prompting.got.Controller;
import dev.nlulab.prompting.got.Operation;
import dev.nlulab.prompting.got.Thought;
import dev.nlulab.prompting.got.sorting.SortingErrors;
import dev.nlulab.prompting.got.sorting.SortingState;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A sorting job's report: per split and size, problems solved and the mean error score of the final lists
 * (both computed from each problem's own digits, so test problems are reported too: their sorted lists are
 * no secret); LLM calls and tokens; and per problem the whole graph, every operation's thoughts with state,
 * score, prompt and response.
 */
final class SortingReport {
    private SortingReport() {
    }

    /** The problem's result: the best final thought's list (lowest error), "" when there is none. */
    static Thought best(Controller.Run run) {
        return run.finalThoughts().stream().min(Comparator.comparingDouble(t -> t.scored() ? t.score() : SortingErrors.UNREADABLE)).orElse(null);
    }

    static String finalList(Controller.Run run) {
        Thought t = best(run);
        return t == null ? "" : t.get(SortingState.CURRENT);
    }

    static int error(Controller.Run run) {
        Thought t = best(run);
        return t == null ? SortingErrors.UNREADABLE : SortingErrors.of(t.state());
    }

    static ObjectNode report(SortingSpec spec, JsonNode rawSpec, String model, List<SortingJobKind.Solved> solved, Llm.Usage usage, double seconds) {
        ObjectNode n = MetaCotData.JSON.createObjectNode();
        n.put("kind", SortingSpec.KIND).put("plan", spec.plan()).put("model", model);
        n.set("spec", rawSpec);
        n.put("seconds", Math.round(seconds * 10) / 10.0);
        n.putObject("usage").put("calls", usage.calls()).put("prompt_tokens", usage.promptTokens()).put("completion_tokens", usage.completionTokens())
                .put("calls_per_problem", solved.isEmpty() ? 0 : Math.round(100.0 * usage.calls() / solved.size()) / 100.0);
        for (String split : List.of("dev", "test")) {
            List<SortingJobKind.Solved> of = solved.stream().filter(s -> s.problem().split().equals(split)).toList();
            ObjectNode sn = n.putObject(split);
            summary(sn, of);
            Map<Integer, List<SortingJobKind.Solved>> bySize = new TreeMap<>();
            for (SortingJobKind.Solved s : of) bySize.computeIfAbsent(s.problem().size(), k -> new java.util.ArrayList<>()).add(s);
            ArrayNode sizes = sn.putArray("by_size");
            bySize.forEach((size, list) -> summary(sizes.addObject().put("digits", size), list));
        }
        return n;
    }

    private static void summary(ObjectNode n, List<SortingJobKind.Solved> list) {
        long solved = list.stream().filter(s -> SortingErrors.solved(best(s.run()) == null ? Map.of() : best(s.run()).state())).count();
        n.put("problems", list.size()).put("solved", solved);
        n.put("mean_error", list.isEmpty() ? 0 : list.stream().mapToInt(s -> error(s.run())).average().orElse(0));
    }

    /** One line of graphs.jsonl: the problem and every operation with its thoughts. */
    static ObjectNode graph(SortingJobKind.Solved s) {
        ObjectNode n = MetaCotData.JSON.createObjectNode();
        n.put("id", s.problem().item().id()).put("split", s.problem().split()).put("digits", s.problem().item().digits())
                .put("final", finalList(s.run())).put("error", error(s.run()));
        ArrayNode ops = n.putArray("operations");
        for (Operation op : s.run().graph().operations()) {
            ObjectNode on = ops.addObject().put("index", op.index()).put("type", op.type());
            ArrayNode preds = on.putArray("after");
            op.predecessors().forEach(p -> preds.add(p.index()));
            ArrayNode thoughts = on.putArray("thoughts");
            for (Thought t : op.thoughts()) {
                ObjectNode tn = thoughts.addObject();
                tn.set("state", MetaCotData.JSON.valueToTree(new LinkedHashMap<>(t.state())));
                if (t.score() != null) tn.put("score", t.score());
                if (t.solved() != null) tn.put("solved", t.solved());
                if (t.call() != null) tn.put("prompt", t.call().prompt()).put("response", t.call().completion());
            }
        }
        return n;
    }
}
