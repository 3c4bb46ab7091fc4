package dev.nlulab.labs.metacot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nlulab.prompting.Llm;
import dev.nlulab.prompting.got.Controller;
import dev.nlulab.prompting.got.GraphOfOperations;
import dev.nlulab.prompting.got.Operation;
import dev.nlulab.prompting.got.Operations;
import dev.nlulab.prompting.got.Thought;
import dev.nlulab.prompting.got.sorting.SortingErrors;
import dev.nlulab.prompting.got.sorting.SortingParser;
import dev.nlulab.prompting.got.sorting.SortingPlans;
import dev.nlulab.prompting.got.sorting.SortingPrompter;
import dev.nlulab.prompting.got.sorting.SortingState;
import dev.nlulab.prompting.methods.CourseModelLlm;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Graph of Thoughts on the course model: the operations keep what they promise, and the report shows every thought. */
class GraphOfThoughtsSortingTest {
    static final Controller.Sampling SAMPLING = new Controller.Sampling(0.9, 64, 5);

    private static List<Controller.Run> run(java.util.function.Supplier<GraphOfOperations> plan, String... problems) {
        Llm llm = CourseModelLlm.greedy();
        return Controller.run(llm, plan, java.util.Arrays.stream(problems).map(SortingState::problem).toList(),
                new SortingPrompter(), new SortingParser(), SAMPLING);
    }

    static GraphOfOperations sampleScoreKeep() {
        GraphOfOperations g = new GraphOfOperations();
        g.append(new Operations.Generate(3));
        g.append(new Operations.Score(SortingErrors::of));
        g.append(new Operations.KeepBestN(1, false));
        return g;
    }

    @Test
    void keepBestKeepsTheLowestErrorOfTheSampledSortsAndTheSameSeedSamplesTheSame() {
        List<Controller.Run> runs = run(GraphOfThoughtsSortingTest::sampleScoreKeep, "5 2 9 1 7", "8 3 3 0 6 1");
        for (Controller.Run r : runs) {
            List<Operation> ops = r.graph().operations();
            assertThat(ops.get(0).thoughts()).hasSize(3);
            List<Thought> scored = ops.get(1).thoughts();
            assertThat(scored).allSatisfy(t -> assertThat(t.score()).isEqualTo(SortingErrors.of(t.state())));
            Thought kept = r.finalThoughts().get(0);
            assertThat(r.finalThoughts()).hasSize(1);
            assertThat(scored).allSatisfy(t -> assertThat(kept.score()).isLessThanOrEqualTo(t.score()));
            for (Thought t : ops.get(0).thoughts()) {
                assertThat(t.call().prompt()).isEqualTo(SortingPrompter.sortPrompt(r.problem().get(SortingState.ORIGINAL)));
                assertThat(t.get(SortingState.CURRENT)).isEqualTo(SortingParser.list(t.call().completion()));
            }
        }
        List<Controller.Run> again = run(GraphOfThoughtsSortingTest::sampleScoreKeep, "5 2 9 1 7", "8 3 3 0 6 1");
        for (int i = 0; i < runs.size(); i++) {
            assertThat(again.get(i).graph().operations().get(0).thoughts()).extracting(t -> t.call().completion())
                    .isEqualTo(runs.get(i).graph().operations().get(0).thoughts().stream().map(t -> t.call().completion()).toList());
        }
    }

    @Test
    void improveSortsTheCandidateAgainAndItsThoughtCarriesThatCall() {
        java.util.function.Supplier<GraphOfOperations> plan = () -> {
            GraphOfOperations g = new GraphOfOperations();
            g.append(new Operations.Generate(1));
            g.append(new Operations.Improve());
            g.append(new Operations.Score(SortingErrors::of));
            return g;
        };
        Controller.Run r = run(plan, "4 0 7 2").get(0);
        Thought first = r.graph().operations().get(0).thoughts().get(0), improved = r.graph().operations().get(1).thoughts().get(0);
        if (SortingErrors.parse(first.get(SortingState.CURRENT)) != null) {
            assertThat(improved.call().prompt()).isEqualTo(SortingPrompter.sortPrompt(first.get(SortingState.CURRENT)));
        }
        assertThat(improved.get(SortingState.ORIGINAL)).isEqualTo("4 0 7 2");
        assertThat(improved.get(SortingState.CURRENT)).isEqualTo(SortingParser.list(improved.call().completion()));
        assertThat(r.finalThoughts().get(0).scored()).isTrue();
    }

    @Test
    void theGraphOfThoughtsPlanSplitsSortsMergesAndRefinesAndTheReportShowsEveryThought() {
        String digits = "8 7 4 0 7 5 6 4";
        Controller.Run r = run(() -> SortingPlans.got(8, new SortingPlans.Tries(2, 2, 2)), digits).get(0);
        List<Operation> ops = r.graph().operations();
        assertThat(ops).allSatisfy(op -> assertThat(op.executed()).isTrue());
        assertThat(ops.stream().map(Operation::type).collect(Collectors.toSet()))
                .isEqualTo(Set.of("Split", "Selector", "Generate", "Score", "KeepBestN", "Aggregate", "GroundTruth"));
        assertThat(ops.get(0).thoughts()).extracting(t -> t.get(SortingState.SUBLIST)).containsExactly("8 7 4 0", "7 5 6 4");
        Operation aggregate = ops.stream().filter(o -> o.type().equals("Aggregate")).findFirst().orElseThrow();
        assertThat(aggregate.thoughts()).hasSize(2).allSatisfy(t -> {
            assertThat(t.get(SortingState.SUBLIST)).isEqualTo("8 7 4 0 7 5 6 4");
            assertThat(t.call().prompt()).startsWith(SortingPrompter.sortPrompt("").substring(0, 40));
        });
        // the last Score sees the refined sorts and the unrefined merge; the final thought is its best
        Operation lastScore = ops.get(ops.size() - 3);
        assertThat(lastScore.type()).isEqualTo("Score");
        assertThat(lastScore.thoughts()).hasSize(3);
        Thought kept = r.finalThoughts().get(0);
        assertThat(kept.solved()).isEqualTo(SortingErrors.solved(kept.state()));
        assertThat(lastScore.thoughts()).allSatisfy(t -> assertThat(kept.score()).isLessThanOrEqualTo(t.score()));

        ObjectNode graph = SortingReport.graph(new SortingJobKind.Solved(new SortingJobKind.Problem("dev",
                new MetaCotData.SortingItem("p1", digits, "0 4 4 5 6 7 7 8")), r));
        assertThat(graph.get("operations")).hasSize(ops.size());
        int thoughts = 0, prompts = 0;
        for (JsonNode op : graph.get("operations")) {
            for (JsonNode t : op.get("thoughts")) {
                thoughts++;
                assertThat(t.get("state").get(SortingState.ORIGINAL).asText()).isEqualTo(digits);
                if (op.get("type").asText().equals("Score") || op.get("type").asText().equals("KeepBestN")) assertThat(t.has("score")).isTrue();
                if (t.has("prompt")) {
                    prompts++;
                    assertThat(t.get("response").isTextual()).isTrue();
                }
            }
        }
        assertThat(thoughts).isEqualTo(ops.stream().mapToInt(o -> o.thoughts().size()).sum());
        // LLM thoughts: 2 parts x 2 sorts, 2 merges, 2 refinements, and every copy of them downstream keeps its call
        assertThat(prompts).isGreaterThanOrEqualTo(8);
        assertThat(graph.get("error").asInt()).isEqualTo(SortingErrors.of(kept.state()));
        assertThat(graph.get("final").asText()).isEqualTo(kept.get(SortingState.CURRENT));
    }

    @Test
    void theSpecIsCheckedFieldByField() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        dev.nlulab.jobs.SpecCheck ok = new SortingJobKind().validate(json.readTree("{}"), null);
        assertThat(ok.isOk()).isTrue();
        dev.nlulab.jobs.SpecCheck bad = new SortingJobKind().validate(json.readTree(
                "{\"plan\": \"beam\", \"sort_tries\": 0, \"temperature\": 0, \"backend\": \"ftp://x\", \"depth\": 3}"), null);
        assertThat(bad.problems()).extracting(p -> p.field())
                .containsExactlyInAnyOrder("spec.plan", "spec.sort_tries", "spec.backend", "spec.depth", "spec.temperature");
        assertThat(new SortingJobKind().validate(json.readTree("{\"plan\": \"io\", \"temperature\": 0}"), null).isOk()).isTrue();
    }
}
