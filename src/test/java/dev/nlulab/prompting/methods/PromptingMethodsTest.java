package dev.nlulab.prompting.methods;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nlulab.encoder.SentenceEncoder;
import dev.nlulab.prompting.Llm;
import dev.nlulab.prompting.LlmCall;
import dev.nlulab.tasks.AnswerExtractor;
import dev.nlulab.tasks.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The five methods end to end on the shipped course model, in tiny settings: one dev question per in-distribution
 * data set, identified by the centroid identifier over the real encoder. What must hold whatever the model writes:
 * the exact prompt each method builds, the calls it makes per question, and an answer that is the extraction of
 * its completion by the identified scenario's form.
 */
class PromptingMethodsTest {
    static SentenceEncoder encoder;
    static CentroidIdentifier identifier;
    static List<LabFiles.Row> dev;
    static List<Question> questions;

    @BeforeAll
    static void setUp() {
        encoder = CourseModelLlm.encoder();
        identifier = CentroidIdentifier.fit(encoder::embed, LabFiles.read("pool.jsonl").stream()
                .map(r -> new CentroidIdentifier.Labelled(r.question(), r.task())).toList());
        dev = LabFiles.perDataset(LabFiles.read("dev.jsonl").stream().filter(r -> !r.ood()).toList(), 1);
        questions = dev.stream().map(LabFiles.Row::asQuestion).toList();
    }

    private static String own(Answer a, int i) {
        return a.calls().get(i).completion();
    }

    @Test
    void zeroShotAsksForTheAnswerAtOnceAndReadsTheFirstCandidate() {
        List<Answer> answers = new ZeroShot(CourseModelLlm.greedy(), identifier, Templates.DEFAULT, AnswerPrompts.Ending.REFERENCE).answer(questions);
        assertThat(answers).hasSize(questions.size());
        for (Answer a : answers) {
            Scenario s = a.task().scenario();
            assertThat(a.calls()).hasSize(1);
            assertThat(a.calls().get(0).prompt()).isEqualTo("Q: " + a.question().text() + "\nA: " + AnswerPrompts.zeroShot(s, AnswerPrompts.Ending.REFERENCE));
            assertThat(a.answer()).isEqualTo(AnswerExtractor.extract(s, own(a, 0), AnswerExtractor.Rule.FIRST));
        }
        assertThat(AnswerPrompts.zeroShot(Scenario.ARITHMETIC_SHORT, AnswerPrompts.Ending.REFERENCE)).isEqualTo("The answer (arabic numerals) is");
        assertThat(AnswerPrompts.zeroShot(Scenario.COMMONSENSE_CHOICE, AnswerPrompts.Ending.REFERENCE)).isEqualTo("Among A through E, the answer is");
    }

    @Test
    void zeroShotCotReasonsThenAsksForTheAnswerInASecondCall() {
        Llm llm = CourseModelLlm.greedy();
        List<Answer> answers = new ZeroShotCot(llm, identifier, Templates.DEFAULT, 96).answer(questions);
        assertThat(llm.usage().calls()).isEqualTo(2L * questions.size());
        int oneStageRight = 0;
        for (int i = 0; i < answers.size(); i++) {
            Answer a = answers.get(i);
            Scenario s = a.task().scenario();
            LlmCall reason = a.calls().get(0), extract = a.calls().get(1);
            assertThat(reason.prompt()).isEqualTo("Q: " + a.question().text() + "\nA: Let's think step by step.");
            assertThat(extract.prompt()).isEqualTo(reason.prompt() + reason.completion() + " " + AnswerPrompts.extraction(s));
            assertThat(a.answer()).isEqualTo(AnswerExtractor.extract(s, extract.completion(), AnswerExtractor.Rule.FIRST));
            assertThat(a.alternative()).isEqualTo(AnswerExtractor.extract(s, reason.completion(), AnswerExtractor.Rule.SPLIT));
            if (AnswerExtractor.matches(dev.get(i).scenario(), a.alternative(), dev.get(i).answer())) oneStageRight++;
        }
        // the course model writes "The answer is X." at the end of its reasoning: some of it must be right
        assertThat(oneStageRight).isPositive();
    }

    @Test
    void fewShotCotPutsTheScenariosFixedDemonstrationsInOneShuffledOrderBeforeEveryQuestion() {
        Map<Scenario, List<Demo>> fixed = new LinkedHashMap<>();
        for (Scenario s : ScenarioLabels.SIX) {
            List<Demo> two = new ArrayList<>();
            for (int i = 1; i <= 3; i++) two.add(new Demo("Example " + i + " of " + s.label() + "?", "Reason " + i + ".", "x" + i, s.label() + i));
            fixed.put(s, two);
        }
        FewShotCot method = new FewShotCot(CourseModelLlm.greedy(), identifier, Templates.DEFAULT, fixed, 64, 1);
        List<Answer> answers = method.answer(questions);
        for (Answer a : answers) {
            List<Demo> demos = method.demos(a.task().scenario());
            assertThat(demos).containsExactlyInAnyOrderElementsOf(fixed.get(a.task().scenario()));
            assertThat(a.calls()).hasSize(1);
            assertThat(a.calls().get(0).prompt()).isEqualTo(Templates.DEFAULT.withDemos(demos, a.question().text(), false));
            assertThat(a.answer()).isEqualTo(AnswerExtractor.extract(a.task().scenario(), own(a, 0), AnswerExtractor.Rule.SPLIT));
        }
        assertThat(new FewShotCot(CourseModelLlm.greedy(), identifier, Templates.DEFAULT, fixed, 64, 1).demos(Scenario.SYMBOLIC_YES_NO))
                .as("the same seed, the same order").isEqualTo(method.demos(Scenario.SYMBOLIC_YES_NO));
    }

    @Test
    void autoCotAndMetaCotBuildDemonstrationsFromTheModelsOwnReasoningAndPutThemBeforeTheTrigger() {
        Llm llm = CourseModelLlm.greedy();
        List<LabFiles.Row> pool = LabFiles.perDataset(LabFiles.read("pool.jsonl"), 3);
        PoolReasoning.Result reasoning = PoolReasoning.run(llm, Templates.DEFAULT,
                pool.stream().map(r -> new PoolReasoning.PoolQuestion(r.id(), r.question(), r.task())).toList(), 64, false);
        assertThat(reasoning.calls()).hasSize(pool.size());
        Map<Scenario, List<Demo>> byScenario = new LinkedHashMap<>();
        Map<String, List<Demo>> byDataset = new LinkedHashMap<>();
        for (Scenario s : ScenarioLabels.SIX) {
            List<Candidate> group = new ArrayList<>();
            for (int i = 0; i < pool.size(); i++) if (pool.get(i).scenario().equals(s)) group.add(reasoning.candidates().get(i));
            DemoSelection.Selected sel = DemoSelection.select(group, s, encoder::embed, 2, DemoFilters.metaCot(DemoFilters.StepCount.SENTENCES),
                    "Let's think step by step.", 399);
            assertThat(sel.clusters()).hasSize(2);
            for (DemoSelection.ClusterChoice c : sel.clusters()) {
                // a cluster takes its nearest member that passes, so every member nearer than the chosen one was rejected, with a reason
                if (c.demo() != null) assertThat(DemoFilters.metaCot(DemoFilters.StepCount.SENTENCES)
                        .reject(group.stream().filter(g -> g.id().equals(c.demo().source())).findFirst().orElseThrow(), s)).isEmpty();
                c.rejected().forEach(r -> assertThat(r.reason()).isNotBlank());
            }
            for (Demo d : sel.demos()) {
                assertThat(d.rationale()).startsWith("Let's think step by step. ").doesNotContain("\n").doesNotContain("The answer is");
                assertThat(d.answer()).isNotEmpty();
            }
            byScenario.put(s, sel.demos());
            for (LabFiles.Row r : pool) if (r.scenario().equals(s)) byDataset.put(r.dataset(), sel.demos());
        }
        for (PromptingMethod method : List.of(new MetaCot(llm, identifier, Templates.DEFAULT, byScenario, 96),
                new AutoCot(llm, identifier, Templates.DEFAULT, byDataset, 96))) {
            for (Answer a : method.answer(questions)) {
                List<Demo> demos = method instanceof MetaCot ? byScenario.get(a.task().scenario()) : byDataset.get(a.task().dataset());
                assertThat(a.calls()).hasSize(1);
                assertThat(a.calls().get(0).stage()).isEqualTo("derive");
                assertThat(a.calls().get(0).prompt()).isEqualTo(Templates.DEFAULT.withDemos(demos, a.question().text(), true))
                        .endsWith("Q: " + a.question().text() + "\nA: Let's think step by step.");
                assertThat(a.answer()).isEqualTo(AnswerExtractor.extract(a.task().scenario(), own(a, 0), AnswerExtractor.Rule.SPLIT));
            }
        }
    }
}
